using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Tests.TestSupport;

/// <summary>Small hand-made clusters for rule tests: brokers 1..n on racks a, b, c, ... in turn.</summary>
internal static class TestClusters
{
    public static readonly KafkaVersion V38 = KafkaVersion.Parse("3.8.0");

    public static ClusterNode Broker(int id, string? rack = null, string version = "3.8.0", NodeState state = NodeState.Running) =>
        new(id, rack ?? RackOf(id), NodeRoles.Broker, KafkaVersion.Parse(version), state);

    public static ClusterNode Controller(int id, string version = "3.9.0") =>
        new(id, RackOf(id), NodeRoles.Controller, KafkaVersion.Parse(version), NodeState.Running);

    public static string RackOf(int id) => ((char)('a' + ((id - 1) % 3))).ToString();

    /// <summary>A healthy partition: ISR = replicas, leader = first replica.</summary>
    public static PartitionState Healthy(int index, params int[] replicas) =>
        new(index, replicas, replicas, replicas[0], 1_000);

    public static PartitionState Partition(int index, int[] replicas, int[] isr, int? leader = null, long size = 1_000) =>
        new(index, replicas, isr, leader ?? (isr.Length > 0 ? isr[0] : PartitionState.NoLeader), size);

    public static TopicState Topic(string name, int minIsr, params PartitionState[] partitions) => new(name, minIsr, partitions);

    public static ClusterState ZooKeeper(IReadOnlyList<ClusterNode> nodes, params TopicState[] topics) =>
        new("test-cluster", MetadataMode.ZooKeeper, nodes, topics, new ClusterFeatures(null, 0, "3.8-IV0"), ZooKeeperControllerId: nodes.First(n => n.IsBroker).Id);

    public static ClusterState KRaft(IReadOnlyList<ClusterNode> nodes, QuorumState quorum, params TopicState[] topics) =>
        new("test-cluster", MetadataMode.KRaft, nodes, topics, new ClusterFeatures(20, 0, null), quorum);

    public static IReadOnlyList<ClusterNode> Brokers(int count) => Enumerable.Range(1, count).Select(id => Broker(id)).ToList();

    public static QuorumMember Voter(int id, long caughtUpMs = 10_000) => new(id, Guid.Empty, 100, caughtUpMs, caughtUpMs);
}
