using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Planning.Reassignment;

/// <summary>One partition's reassignment: replicas on retiring nodes replaced in place by new nodes.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="CurrentReplicas">Replicas now, preferred leader first.</param>
/// <param name="TargetReplicas">Replicas after the move; each kept replica keeps its position.</param>
/// <param name="BytesToMove">Bytes copied: the partition's size times the replicas that change node.</param>
public sealed record PartitionMove(TopicPartition Partition, IReadOnlyList<int> CurrentReplicas, IReadOnlyList<int> TargetReplicas, long BytesToMove)
{
    /// <summary>Nodes that receive a new replica.</summary>
    public IEnumerable<int> AddedReplicas => TargetReplicas.Except(CurrentReplicas);

    /// <summary>Nodes that lose their replica.</summary>
    public IEnumerable<int> RemovedReplicas => CurrentReplicas.Except(TargetReplicas);

    /// <summary>True when the preferred leader changes node (the first replica was retiring).</summary>
    public bool MovesPreferredLeader => CurrentReplicas[0] != TargetReplicas[0];
}
