using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Synthetic;

/// <summary>The shape of a generated cluster. Same spec, same cluster.</summary>
/// <param name="ClusterId">Cluster id of the result.</param>
/// <param name="Brokers">Number of brokers, ids 1..N.</param>
/// <param name="Racks">Number of racks; brokers are spread over them in turn.</param>
/// <param name="Partitions">Total partitions over all topics.</param>
/// <param name="Topics">Number of topics the partitions are spread over.</param>
/// <param name="Version">Version every node runs.</param>
/// <param name="Mode">ZooKeeper or KRaft (KRaft adds three controllers, ids 1001..1003).</param>
/// <param name="Seed">Seed of every random choice.</param>
/// <param name="MeanPartitionBytes">Mean size of one replica's log; sizes vary from 0 to twice this.</param>
/// <param name="ReplicationFactors">Replication factor per topic, cycled (e.g. [3] or [3, 3, 3, 2, 1]).</param>
public sealed record SyntheticClusterSpec(
    string ClusterId,
    int Brokers,
    int Racks,
    int Partitions,
    int Topics,
    KafkaVersion Version,
    MetadataMode Mode,
    int Seed,
    long MeanPartitionBytes,
    IReadOnlyList<int> ReplicationFactors)
{
    /// <summary>The benchmark cluster: 200 brokers, 100,000 partitions, RF 3, 3 racks, Kafka 3.9 ZooKeeper.</summary>
    public static SyntheticClusterSpec Large(int seed = 42) =>
        new("large-200", 200, 3, 100_000, 500, new KafkaVersion(3, 9, 1), MetadataMode.ZooKeeper, seed, 256L << 20, [3]);
}
