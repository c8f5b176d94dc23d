using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Cli.Rehearsal;

/// <summary>
/// The simulated cluster a rehearsal upgrades, as the rehearsal watches it: in this process (<see cref="InProcessCluster"/>)
/// or served by a separate <c>kafka-upgrade simulate</c> process (<see cref="ServedCluster"/>). The workers never use
/// this: they reach the cluster through their binding.
/// </summary>
internal interface IRehearsedCluster : IAsyncDisposable
{
    /// <summary>A cheap look for the progress line.</summary>
    Task<ClusterGlance> GlanceAsync(CancellationToken cancellationToken);

    /// <summary>The topology now, in the snapshot format.</summary>
    Task<ClusterState> SnapshotAsync(CancellationToken cancellationToken);

    /// <summary>What the simulator counted (writes, losses, safety events) and whether any replication throttle is left.</summary>
    Task<RehearsalTally> TallyAsync(CancellationToken cancellationToken);
}

/// <summary>The progress line's view of the cluster.</summary>
/// <param name="SimulatedTime">Simulated time since the rehearsal began.</param>
/// <param name="MetadataMode">ZooKeeper, migrating or KRaft.</param>
/// <param name="RunningBrokers">Brokers whose process runs.</param>
internal sealed record ClusterGlance(TimeSpan SimulatedTime, MetadataMode MetadataMode, int RunningBrokers)
{
    /// <summary>The progress line.</summary>
    public override string ToString() => $"simulated {SimulatedTime:d\\.hh\\:mm\\:ss}, {MetadataMode}, {RunningBrokers} brokers running";
}

/// <summary>The simulator's counts at the end of a rehearsal.</summary>
/// <param name="SimulatedTime">Simulated time since the rehearsal began.</param>
/// <param name="AckedWrites">Writes acknowledged to producers (acks=all).</param>
/// <param name="LostAckedWrites">Acknowledged writes no replica holds any more (the larger of the running count and a recount).</param>
/// <param name="MinIsrViolations">Times a partition's ISR went below <c>min.insync.replicas</c>.</param>
/// <param name="UnsafeRemovals">Nodes removed while holding data.</param>
/// <param name="ReassignmentsCompleted">Partition moves completed.</param>
/// <param name="BytesReplicatedToNewReplicas">Bytes copied to new replicas.</param>
/// <param name="UnwritableMsByPartition">Simulated milliseconds each partition refused acks=all writes.</param>
/// <param name="SafetyEvents">What the simulator flagged, in order.</param>
/// <param name="ThrottleCleared">No replication throttle is left anywhere (including rates on broker ids that are gone).</param>
internal sealed record RehearsalTally(
    TimeSpan SimulatedTime,
    long AckedWrites,
    long LostAckedWrites,
    long MinIsrViolations,
    long UnsafeRemovals,
    long ReassignmentsCompleted,
    long BytesReplicatedToNewReplicas,
    IReadOnlyDictionary<string, long> UnwritableMsByPartition,
    IReadOnlyList<string> SafetyEvents,
    bool ThrottleCleared);
