using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Paths;
using KafkaUpgrade.Core.Safety;
using KafkaUpgrade.Core.Validation;
using KafkaUpgrade.Core.Versions;

namespace KafkaUpgrade.Core.Planning.Upgrade;

/// <summary>
/// Builds the full plan of an upgrade from a cluster snapshot: the hop path, and for each hop the replacement or
/// restart batches, bytes to move, safety verdicts on the cluster as it is now, and an estimate. Pure: the same
/// snapshot and options give the same plan, and nothing is changed. Later hops are costed on the current topology
/// (a replacement keeps racks, sizes and partition layout, so the figures carry over).
/// </summary>
public sealed class UpgradePlanBuilder
{
    private readonly VersionCatalog _catalog;

    /// <summary>Creates a builder over <paramref name="catalog"/> (default: the shipped catalog).</summary>
    public UpgradePlanBuilder(VersionCatalog? catalog = null)
    {
        _catalog = catalog ?? VersionCatalog.Default;
    }

    /// <summary>Plans taking <paramref name="state"/> to <paramref name="target"/>.</summary>
    /// <exception cref="ClusterValidationException">The snapshot contradicts itself.</exception>
    /// <exception cref="UpgradePathException">No safe path exists.</exception>
    /// <exception cref="PlanningException">Bad options, or nodes on different versions that are not a step of this plan left half done.</exception>
    public UpgradePlan Build(ClusterState state, KafkaVersion target, UpgradePlanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        options ??= new UpgradePlanOptions();
        options.Validate();
        new ClusterValidator(_catalog).ThrowIfInvalid(state);

        var (current, ahead) = CurrentVersion(state, target);
        var path = new UpgradePathPlanner(_catalog).Plan(new UpgradePathRequest(current, state.MetadataMode, state.Features, target));
        if (ahead is not null && !(path.Hops[0] is { Kind: UpgradeHopKind.SoftwareUpgrade } first && first.ToVersion.Line == ahead.Value.Version.Line))
        {
            throw new PlanningException(
                $"Nodes run different versions ({ahead.Value.Nodes}), and the first step from {current} to {target} does not go to {ahead.Value.Version}: finish or roll back the running upgrade before planning a new one.");
        }

        var costing = new HopCosting(state, options);
        var hops = path.Hops.Select(costing.Cost).ToList();
        return new UpgradePlan(state.ClusterId, current, target, state.MetadataMode, path.Hops[^1].ModeAfter, options,
            Preflight(state, path.Hops), hops, path.Warnings);
    }

    /// <summary>
    /// The version the plan starts from. A cluster a failed or terminated run left mid-roll (some nodes already on
    /// the version that run's first step went to) is planned from the older version, so a rerun finishes that step:
    /// the roll skips nodes already on it and a replacement reuses the new brokers already there. Any other mix is
    /// refused. <c>ahead</c> names the newer version and its nodes, for the caller to check the first step goes to it.
    /// </summary>
    private static (KafkaVersion Current, (KafkaVersion Version, string Nodes)? Ahead) CurrentVersion(ClusterState state, KafkaVersion target)
    {
        var live = state.Nodes.Where(n => n.State != NodeState.Decommissioned).ToList();
        var versions = live.GroupBy(n => n.Version).OrderBy(g => g.Key).ToList();
        if (versions.Count == 0)
        {
            throw new PlanningException("The cluster has no live node.");
        }

        if (versions.Count == 1)
        {
            return (versions[0].Key, null);
        }

        var odd = string.Join(", ", versions.Skip(1).SelectMany(g => g.Select(n => $"node {n.Id} on {n.Version}")));
        if (versions.Count > 2 || versions[1].Key > target)
        {
            var most = versions.OrderByDescending(g => g.Count()).First().Key;
            throw new PlanningException(
                $"Nodes run different versions (most run {most}; {odd}): finish or roll back the running upgrade before planning a new one.");
        }

        return (versions[0].Key, (versions[1].Key, odd));
    }

    private IReadOnlyList<GateVerdict> Preflight(ClusterState state, IReadOnlyList<UpgradeHop> hops) =>
    [
        ClusterHealthGate.Evaluate(state, HealthExpectation.AllNodesOf(state)),
        DiskHeadroomGate.Evaluate(state.Nodes, DiskHeadroomGate.CurrentBytes(state)),

        // Both strategies pin the protocol in force on every ZooKeeper broker they restart or provision
        // (ClusterUpgrade's software hops), so an unset value is said, not refused (InterBrokerProtocolPinGate).
        InterBrokerProtocolPinGate.Evaluate(
            state,
            [.. hops.Where(h => h.Kind == UpgradeHopKind.SoftwareUpgrade && h.ModeBefore == MetadataMode.ZooKeeper)
                .Select(h => (h.ToVersion, _catalog.Find(h.ToVersion)?.LatestInterBrokerProtocol))],
            rollPins: true),
    ];
}
