namespace KafkaUpgrade.Core.Model;

/// <summary>A partition's identity.</summary>
public readonly record struct TopicPartition(string Topic, int Partition)
{
    /// <summary>Kafka's own notation, <c>topic-3</c>.</summary>
    public override string ToString() => $"{Topic}-{Partition}";
}
