using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Core.Model;
using Temporalio.Activities;

namespace KafkaUpgrade.Activities;

/// <summary>Looking for what an operation that could not clean up (terminated, failed) left on a cluster. Read-only.</summary>
public sealed class RepairActivities(IClusterRegistry clusters)
{
    /// <summary>The leftovers on the cluster now.</summary>
    [Activity]
    public Task<Leftovers> InspectAsync(string clusterId) => ActivityFailures.Translate(async () =>
    {
        var admin = clusters.Resolve(clusterId).Admin;
        var state = await admin.DescribeClusterAsync(Token).ConfigureAwait(false);
        var throttle = await admin.DescribeReplicationThrottleAsync(Token).ConfigureAwait(false);
        string? migration = null;
        if (state.MetadataMode.IsMigrating())
        {
            migration = (await admin.DescribeMigrationAsync(Token).ConfigureAwait(false)).State.ToString();
        }

        return Inspect(state, throttle?.BytesPerSecond, throttle?.Brokers.Count ?? 0, migration);
    });

    /// <summary>The leftovers in <paramref name="state"/>, each finding saying what repair does about it.</summary>
    internal static Leftovers Inspect(ClusterState state, long? throttleRate, int throttledBrokers, string? migrationState)
    {
        var moves = state.InFlightReassignments;
        var hosting = state.AllPartitions.SelectMany(p => p.Partition.Replicas).ToHashSet();
        var idle = state.Nodes.Where(n => n.IsBroker && !n.IsController && n.IsRunning && !hosting.Contains(n.Id)).Select(n => n.Id).Order().ToList();
        var live = state.Nodes.Where(n => n.State != NodeState.Decommissioned).ToList();
        var versions = live.GroupBy(n => n.Version).OrderBy(g => g.Key)
            .Select(g => $"{g.Key}: {string.Join(",", g.Select(n => n.Id).Order())}")
            .ToList();
        var findings = new List<string>();
        if (throttleRate is { } rate)
        {
            findings.Add($"a replication throttle of {rate} B/s is set on {throttledBrokers} broker(s): repair clears it");
        }

        if (moves.Count > 0)
        {
            findings.Add($"{moves.Count} reassignment(s) in flight: repair cancels them (Kafka reverts each to the replicas it had before the move)");
        }

        if (idle.Count > 0)
        {
            findings.Add($"brokers {string.Join(",", idle)} run but hold no replica (new brokers of an unfinished node replacement?): repair leaves them; start the upgrade again or remove them");
        }

        if (versions.Count > 1)
        {
            findings.Add($"nodes run different versions ({string.Join("; ", versions)}): an unfinished upgrade; start it again to finish it");
        }

        if (state.MetadataMode.IsMigrating())
        {
            findings.Add($"the ZooKeeper to KRaft migration is unfinished (mode {state.MetadataMode}, ZkMigrationState {migrationState}): repair does not change it");
        }

        return new Leftovers(
            state.ClusterId,
            state.MetadataMode,
            migrationState,
            throttleRate,
            throttledBrokers,
            moves.Count,
            PayloadBounds.Bounded(moves.Select(m => $"{m.Partition}: [{string.Join(",", m.Replicas)}] adding [{string.Join(",", m.AddingReplicas)}] removing [{string.Join(",", m.RemovingReplicas)}]").ToList()),
            idle.Count <= PayloadBounds.MaxListedItems ? idle : idle.Take(PayloadBounds.MaxListedItems).ToList(),
            PayloadBounds.Bounded(versions),
            state.Features.MetadataVersionLevel,
            findings);
    }

    private static CancellationToken Token => ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;
}
