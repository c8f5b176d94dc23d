namespace KafkaUpgrade.Core.Model;

/// <summary>A topic and its partitions.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="MinInsyncReplicas">The topic's effective <c>min.insync.replicas</c>.</param>
/// <param name="Partitions">Its partitions, by index.</param>
public sealed record TopicState(string Name, int MinInsyncReplicas, IReadOnlyList<PartitionState> Partitions);
