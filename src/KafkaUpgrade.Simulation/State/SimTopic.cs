namespace KafkaUpgrade.Simulation.State;

/// <summary>A topic: its <c>min.insync.replicas</c> and partitions.</summary>
internal sealed class SimTopic(string name, int minInsyncReplicas)
{
    public string Name { get; } = name;

    public int MinInsyncReplicas { get; } = minInsyncReplicas;

    public List<SimPartition> Partitions { get; } = [];
}
