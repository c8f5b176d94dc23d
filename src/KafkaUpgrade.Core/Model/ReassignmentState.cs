namespace KafkaUpgrade.Core.Model;

/// <summary>An ongoing partition reassignment as ListPartitionReassignments reports it (KIP-455).</summary>
/// <param name="Partition">The partition being moved.</param>
/// <param name="Replicas">The full current replica set (target plus replicas being removed).</param>
/// <param name="AddingReplicas">Replicas being added.</param>
/// <param name="RemovingReplicas">Replicas being removed.</param>
public sealed record ReassignmentState(
    TopicPartition Partition,
    IReadOnlyList<int> Replicas,
    IReadOnlyList<int> AddingReplicas,
    IReadOnlyList<int> RemovingReplicas);
