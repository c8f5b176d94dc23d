using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Activities.Contracts;

/// <summary>
/// What an operation that ended without its cleanup (terminated, failed, its worker gone) may have left behind on a
/// cluster, as the cluster shows it now: a replication throttle, reassignments in flight, brokers that run but hold
/// no replica (new brokers of an unfinished replacement), nodes on several versions, an unfinished migration.
/// Bounded (<see cref="PayloadBounds"/>) whatever the cluster's size.
/// </summary>
/// <param name="ClusterId">Cluster.</param>
/// <param name="Mode">Metadata mode.</param>
/// <param name="MigrationState">The controllers' ZkMigrationState while migrating, else null.</param>
/// <param name="ThrottleBytesPerSecond">The replication throttle in force, or null.</param>
/// <param name="ThrottledBrokers">Brokers the throttle is set on.</param>
/// <param name="MovesInFlight">Reassignments in flight.</param>
/// <param name="MovesSample">The first of them, e.g. <c>orders-3: [1,2,3] adding [7] removing [1]</c>.</param>
/// <param name="IdleBrokers">Running brokers (not controllers) that hold no replica.</param>
/// <param name="Versions">Live nodes per version, e.g. <c>3.8.0: 1,2,3</c>.</param>
/// <param name="MetadataVersionLevel">Finalized metadata.version level (KRaft), or null.</param>
/// <param name="Findings">Each finding in a sentence, with what repair does about it.</param>
public sealed record Leftovers(
    string ClusterId,
    MetadataMode Mode,
    string? MigrationState,
    long? ThrottleBytesPerSecond,
    int ThrottledBrokers,
    int MovesInFlight,
    IReadOnlyList<string> MovesSample,
    IReadOnlyList<int> IdleBrokers,
    IReadOnlyList<string> Versions,
    int? MetadataVersionLevel,
    IReadOnlyList<string> Findings)
{
    /// <summary>True when nothing repair would clear is left: no throttle and no move in flight.</summary>
    public bool NothingToClear => ThrottleBytesPerSecond is null && MovesInFlight == 0;
}

/// <summary>What <c>ClusterRepair</c> found and did.</summary>
/// <param name="DryRun">True when it only looked.</param>
/// <param name="Before">The leftovers found.</param>
/// <param name="After">The cluster after the repair (null for a dry run).</param>
/// <param name="Actions">What it did (or, in a dry run, would do).</param>
public sealed record RepairReport(bool DryRun, Leftovers Before, Leftovers? After, IReadOnlyList<string> Actions);
