namespace KafkaUpgrade.Core.Model;

/// <summary>A partition as DescribeTopics shows it.</summary>
/// <param name="Partition">Partition index.</param>
/// <param name="Replicas">Replica node ids; the first is the preferred leader.</param>
/// <param name="Isr">In-sync replicas (a subset of <paramref name="Replicas"/>).</param>
/// <param name="Leader">Leader node id, or -1 when the partition is offline.</param>
/// <param name="SizeBytes">Size of one replica's log.</param>
/// <param name="LeaderEpoch">Bumped on every leader change.</param>
public sealed record PartitionState(
    int Partition,
    IReadOnlyList<int> Replicas,
    IReadOnlyList<int> Isr,
    int Leader,
    long SizeBytes,
    int LeaderEpoch = 0)
{
    /// <summary>Kafka's marker for "no leader".</summary>
    public const int NoLeader = -1;

    /// <summary>Replication factor.</summary>
    public int ReplicationFactor => Replicas.Count;

    /// <summary>The preferred leader (first replica).</summary>
    public int PreferredLeader => Replicas.Count > 0 ? Replicas[0] : NoLeader;

    /// <summary>True when the partition has no leader and cannot serve reads or writes.</summary>
    public bool IsOffline => Leader == NoLeader;

    /// <summary>True when some replica is missing from the ISR.</summary>
    public bool IsUnderReplicated => Isr.Count < Replicas.Count;
}
