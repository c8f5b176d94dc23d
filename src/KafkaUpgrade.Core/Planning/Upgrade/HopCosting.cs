using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Paths;
using KafkaUpgrade.Core.Planning.Reassignment;
using KafkaUpgrade.Core.Planning.Restarts;
using KafkaUpgrade.Core.Safety;

namespace KafkaUpgrade.Core.Planning.Upgrade;

/// <summary>What one hop costs on this cluster: batches, bytes, verdicts and an estimate.</summary>
internal sealed class HopCosting
{
    private readonly ClusterState _state;
    private readonly UpgradePlanOptions _options;
    private readonly Lazy<RestartPlan> _restarts;

    public HopCosting(ClusterState state, UpgradePlanOptions options)
    {
        _state = state;
        _options = options;
        _restarts = new(() => RestartBatchPlanner.Plan(state, options.RestartBatchSize));
    }

    public HopPlan Cost(UpgradeHop hop) => hop.Kind switch
    {
        UpgradeHopKind.SoftwareUpgrade when _options.Strategy == UpgradeStrategy.NodeReplacement => Replacement(hop),
        UpgradeHopKind.SoftwareUpgrade => Rolling(hop, $"roll every node in place to {hop.ToVersion}"),
        UpgradeHopKind.BumpInterBrokerProtocol => Rolling(hop, $"set inter.broker.protocol.version={hop.FeatureAfter} and roll the brokers"),
        UpgradeHopKind.MigrateToKRaft => Migration(hop),
        _ => new HopPlan(hop, $"finalize metadata.version {hop.FeatureAfter} through UpdateFeatures (no restart)", 0, 0, 0,
            TimeSpan.Zero, [], hop.IsRollbackBoundary),
    };

    private HopPlan Replacement(UpgradeHop hop)
    {
        var brokers = _state.Brokers.Where(b => !b.IsController && b.State != NodeState.Decommissioned).OrderBy(b => b.Id).ToList();
        var firstNewId = _state.Nodes.Max(n => n.Id) + 1;
        var newNodes = brokers.Select((b, i) => b with { Id = firstNewId + i, Version = hop.ToVersion, State = NodeState.Running }).ToList();
        var plan = ReassignmentPlanner.Plan(_state, brokers.Select(b => b.Id).ToList(), newNodes, _options.ReplacementBatchSize);

        var moving = TimeSpan.Zero;
        foreach (var batch in plan.Batches)
        {
            // Kafka's throttle is a rate per broker: a batch lasts as long as its busiest receiving broker needs.
            var busiest = batch.Moves
                .SelectMany(m => m.AddedReplicas.Select(id => (id, m.Partition, Bytes: m.BytesToMove / Math.Max(1, m.AddedReplicas.Count()))))
                .GroupBy(x => x.id)
                .Select(g => g.Sum(x => x.Bytes))
                .DefaultIfEmpty(0)
                .Max();
            moving += TimeSpan.FromSeconds((double)busiest / _options.ThrottleBytesPerSecond);
        }

        var controllers = _state.Controllers.Count(c => c.State != NodeState.Decommissioned);
        var controllerNote = controllers > 0 ? $"; {controllers} controller(s) rolled in place one at a time" : string.Empty;
        var estimate = _options.RestartTime + moving + (controllers * _options.RestartTime);
        return new HopPlan(hop,
            $"start {newNodes.Count} new broker(s) on {hop.ToVersion}, move {plan.PartitionCount} partition(s) in {plan.Batches.Count} batch(es) of up to {plan.BatchSize} old broker(s), retire the old ones{controllerNote}",
            plan.PartitionCount, plan.TotalBytesToMove, plan.Batches.Count, estimate, [], hop.IsRollbackBoundary)
        {
            TransferTime = moving,
            RestartRounds = controllers,
            ProvisionRounds = 1,
        };
    }

    private HopPlan Rolling(UpgradeHop hop, string what)
    {
        var restarts = _restarts.Value;
        var verdicts = restarts.Batches.Select(Verdict).ToList();
        return new HopPlan(hop, $"{what}: {restarts.Batches.Count} restart batch(es), {restarts.Strategy}", 0, 0, restarts.Batches.Count,
            restarts.Batches.Count * _options.RestartTime, verdicts, hop.IsRollbackBoundary)
        {
            RestartRounds = restarts.Batches.Count,
        };
    }

    private HopPlan Migration(UpgradeHop hop)
    {
        // Kafka 3.9's procedure: start 3 controllers with migration enabled, roll the brokers into migration mode,
        // metadata copy and dual-write, roll the brokers into KRaft, then roll the controllers to finalize.
        var brokerBatches = _restarts.Value.Batches.Count(b => b.Kind == RestartBatchKind.Brokers);
        // One round provisions the quorum; the brokers roll twice; the 3 controllers roll one at a time to finalize.
        var restartRounds = (2 * brokerBatches) + 3;
        var estimate = _options.RestartTime * (1 + restartRounds);
        return new HopPlan(hop,
            $"start a 3-controller KRaft quorum with migration enabled, roll {brokerBatches} broker batch(es) into migration, copy metadata (dual-write), roll them again into KRaft, then finalize (point of no return)",
            0, 0, 2 * brokerBatches, estimate, _restarts.Value.Batches.Select(Verdict).ToList(), hop.IsRollbackBoundary)
        {
            RestartRounds = restartRounds,
            ProvisionRounds = 1,
        };
    }

    private GateVerdict Verdict(RestartBatch batch) =>
        batch.Kind == RestartBatchKind.Controllers && _state.Quorum is { } quorum
            ? ControllerStopGate.Evaluate(quorum, batch.NodeIds[0])
            : BrokerStopGate.Evaluate(_state, batch.NodeIds);
}
