using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Activities.Contracts;

/// <summary>
/// A cluster in a few hundred bytes: what a workflow needs to decide its next step. The full description of a
/// 100,000-partition cluster would not fit in workflow history, so partition detail stays in activities.
/// </summary>
/// <param name="ClusterId">Cluster.</param>
/// <param name="Mode">Metadata mode.</param>
/// <param name="Features">Finalized features / IBP.</param>
/// <param name="Nodes">Every node.</param>
/// <param name="PartitionCount">Partitions.</param>
/// <param name="TotalBytes">Bytes of all replicas.</param>
/// <param name="ActiveControllerId">Active controller.</param>
/// <param name="UnderReplicated">Under-replicated partitions.</param>
/// <param name="Offline">Offline partitions.</param>
/// <param name="InFlightReassignments">Reassignments in flight.</param>
public sealed record ClusterSummary(
    string ClusterId,
    MetadataMode Mode,
    ClusterFeatures Features,
    IReadOnlyList<ClusterNode> Nodes,
    int PartitionCount,
    long TotalBytes,
    int? ActiveControllerId,
    int UnderReplicated,
    int Offline,
    int InFlightReassignments);

/// <summary>What starting a reassignment batch did.</summary>
/// <param name="PartitionsSubmitted">Partitions newly submitted.</param>
/// <param name="PartitionsAlreadyMoving">Partitions already in flight (a retried activity), left alone.</param>
/// <param name="BytesToMove">Bytes the submitted moves copy.</param>
/// <param name="Refused">Partitions Kafka refused, with its error (the first <see cref="PayloadBounds.MaxListedItems"/>, then a count).</param>
public sealed record ReassignmentBatchResult(int PartitionsSubmitted, int PartitionsAlreadyMoving, long BytesToMove, IReadOnlyList<string> Refused);

/// <summary>How far draining some brokers has come.</summary>
/// <param name="PartitionsOnRetiringNodes">Partitions that still have a replica on them.</param>
/// <param name="InFlight">Reassignments in flight.</param>
/// <param name="BytesOnRetiringNodes">Bytes still on them.</param>
/// <param name="UnderReplicated">Partitions still on them that are under-replicated (a replica down or behind).</param>
/// <param name="NodesDown">Replicas of those partitions that are not running, e.g. <c>broker 7 (Failed)</c>: the move waits for them.</param>
public sealed record DrainProgress(int PartitionsOnRetiringNodes, int InFlight, long BytesOnRetiringNodes, int UnderReplicated = 0, IReadOnlyList<string>? NodesDown = null)
{
    /// <summary>True when the brokers hold nothing and nothing moves.</summary>
    public bool Drained => PartitionsOnRetiringNodes == 0 && InFlight == 0;
}

/// <summary>Total consumer lag, to compare before and after an upgrade.</summary>
/// <param name="TotalLag">Records behind, over every group.</param>
/// <param name="Groups">Groups measured.</param>
public sealed record LagMeasurement(long TotalLag, int Groups);
