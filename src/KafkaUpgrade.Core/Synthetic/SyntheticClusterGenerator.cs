using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Versions;

namespace KafkaUpgrade.Core.Synthetic;

/// <summary>
/// Builds healthy clusters of any size from a <see cref="SyntheticClusterSpec"/>, deterministically: for property
/// tests, benchmarks and the simulator's large sample. Replicas are placed rack-aware as Kafka does it for new
/// topics: brokers in rack-alternating order, the first replica at a rotating position, followers on racks the
/// partition does not use yet while there are such racks. <c>min.insync.replicas</c> is RF - 1 (at least 1).
/// </summary>
public static class SyntheticClusterGenerator
{
    /// <summary>First id of the generated KRaft controllers.</summary>
    public const int FirstControllerId = 1001;

    /// <summary>Generates the cluster described by <paramref name="spec"/>.</summary>
    public static ClusterState Generate(SyntheticClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Validate(spec);
        var random = new Random(spec.Seed);
        var brokers = Enumerable.Range(1, spec.Brokers)
            .Select(id => new ClusterNode(id, RackName((id - 1) % spec.Racks), NodeRoles.Broker, spec.Version, NodeState.Running))
            .ToList();
        var placement = new RackAwarePlacement(brokers);

        var topics = new List<TopicState>(spec.Topics);
        var perTopic = spec.Partitions / spec.Topics;
        var extra = spec.Partitions % spec.Topics;
        for (var t = 0; t < spec.Topics; t++)
        {
            var rf = Math.Min(spec.ReplicationFactors[t % spec.ReplicationFactors.Count], spec.Brokers);
            var count = perTopic + (t < extra ? 1 : 0);
            var start = random.Next(spec.Brokers);
            var partitions = new PartitionState[count];
            for (var p = 0; p < count; p++)
            {
                var replicas = placement.Place(start + p, rf);
                var size = (long)(random.NextDouble() * 2 * spec.MeanPartitionBytes);
                partitions[p] = new PartitionState(p, replicas, replicas, replicas[0], size);
            }

            topics.Add(new TopicState($"topic-{t:D4}", Math.Max(1, rf - 1), partitions));
        }

        return spec.Mode == MetadataMode.ZooKeeper
            ? new ClusterState(spec.ClusterId, MetadataMode.ZooKeeper, brokers, topics,
                new ClusterFeatures(null, 0, VersionCatalog.Default.Get(spec.Version).LatestInterBrokerProtocol), ZooKeeperControllerId: 1)
            : WithQuorum(spec, brokers, topics);
    }

    private static ClusterState WithQuorum(SyntheticClusterSpec spec, List<ClusterNode> brokers, List<TopicState> topics)
    {
        var controllers = Enumerable.Range(0, 3)
            .Select(i => new ClusterNode(FirstControllerId + i, RackName(i % spec.Racks), NodeRoles.Controller, spec.Version, NodeState.Running))
            .ToList();
        var voters = controllers.Select(c => new QuorumMember(c.Id, DeterministicGuid(spec.Seed, c.Id), 1000, 0, 0)).ToList();
        var release = VersionCatalog.Default.Get(spec.Version);
        return new ClusterState(spec.ClusterId, MetadataMode.KRaft, [.. controllers, .. brokers], topics,
            new ClusterFeatures(release.LatestProductionMetadataLevel, 0, null), new QuorumState(FirstControllerId, 1, 1000, voters, []));
    }

    private static void Validate(SyntheticClusterSpec spec)
    {
        if (spec.Brokers < 1 || spec.Racks < 1 || spec.Topics < 1 || spec.Partitions < spec.Topics)
        {
            throw new ArgumentException($"Spec needs at least 1 broker, 1 rack, 1 topic and a partition per topic: {spec}", nameof(spec));
        }

        if (spec.ReplicationFactors.Count == 0 || spec.ReplicationFactors.Any(rf => rf < 1))
        {
            throw new ArgumentException("Replication factors must be at least 1.", nameof(spec));
        }
    }

    private static string RackName(int index) => $"rack-{(char)('a' + index % 26)}{(index >= 26 ? (index / 26).ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}";

    private static Guid DeterministicGuid(int seed, int id)
    {
        var bytes = new byte[16];
        new Random(HashCode.Combine(seed, id)).NextBytes(bytes);
        return new Guid(bytes);
    }
}
