using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Validation;
using static KafkaUpgrade.Core.Tests.TestSupport.TestClusters;

namespace KafkaUpgrade.Core.Tests.Validation;

public class ClusterValidatorTests
{
    private static readonly ClusterValidator Validator = new();

    private static ClusterState Valid() => ZooKeeper(Brokers(3),
        Topic("orders", 2, Healthy(0, 1, 2, 3), Healthy(1, 2, 3, 1)),
        Topic("audit", 1, Healthy(0, 3)));

    [Fact]
    public void A_consistent_cluster_has_no_problems() => Assert.Empty(Validator.Validate(Valid()));

    [Fact]
    public void Replica_on_an_unknown_node_names_the_partition_and_the_node()
    {
        var state = ZooKeeper(Brokers(3), Topic("orders", 2, Healthy(0, 1, 2, 7)));
        var problem = Assert.Single(Validator.Validate(state));
        Assert.Equal("topics[orders].partitions[0].replicas", problem.Path);
        Assert.Contains("unknown node 7", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Isr_not_a_subset_of_replicas_is_rejected()
    {
        var state = ZooKeeper(Brokers(3), Topic("orders", 2, Partition(3, [1, 2], [1, 3])));
        var problem = Assert.Single(Validator.Validate(state));
        Assert.Equal("topics[orders].partitions[3].isr", problem.Path);
        Assert.Contains("not a subset", problem.Message, StringComparison.Ordinal);
        Assert.Contains("extra: 3", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_node_ids_are_rejected()
    {
        var state = ZooKeeper([Broker(1), Broker(2), Broker(2, "c")]);
        var problem = Assert.Single(Validator.Validate(state));
        Assert.Equal("nodes[2].id", problem.Path);
        Assert.Contains("duplicate node id 2", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_the_catalog_does_not_know_is_rejected()
    {
        var state = ZooKeeper([Broker(1), Broker(2, version: "3.10.0")]);
        var problem = Assert.Single(Validator.Validate(state));
        Assert.Equal("nodes[1].version", problem.Path);
        Assert.Contains("3.10", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 1, 1 }, new[] { 1 }, 1, "replicas", "twice")]
    [InlineData(new[] { 1, 2 }, new[] { 1 }, 2, "leader", "not in the ISR")]
    [InlineData(new int[0], new int[0], -1, "replicas", "at least one replica")]
    public void Broken_partitions_name_the_field(int[] replicas, int[] isr, int leader, string field, string message)
    {
        var state = ZooKeeper(Brokers(3), Topic("t", 1, Partition(0, replicas, isr, leader)));
        var problem = Assert.Single(Validator.Validate(state));
        Assert.Equal($"topics[t].partitions[0].{field}", problem.Path);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_offline_partition_is_a_real_state_not_a_contradiction()
    {
        var state = ZooKeeper(Brokers(3), Topic("t", 1, Partition(0, [1, 2], [], PartitionState.NoLeader)));
        Assert.Empty(Validator.Validate(state));
    }

    [Fact]
    public void Duplicate_topics_partitions_and_bad_min_isr_are_each_reported()
    {
        var state = ZooKeeper(Brokers(3),
            Topic("t", 0, Healthy(0, 1), Healthy(0, 2)),
            Topic("t", 1, Healthy(0, 3)));
        var paths = Validator.Validate(state).Select(p => p.Path).ToList();
        Assert.Contains("topics[t].minInsyncReplicas", paths);
        Assert.Contains("topics[t].partitions[0]", paths);
        Assert.Contains("topics[t]", paths);
    }

    [Fact]
    public void Zookeeper_mode_needs_the_inter_broker_protocol()
    {
        var state = Valid() with { Features = new ClusterFeatures(null, 0, null) };
        Assert.Equal("features.interBrokerProtocolVersion", Assert.Single(Validator.Validate(state)).Path);
    }

    [Fact]
    public void Kraft_quorum_voters_must_be_known_controllers_and_the_leader_a_voter()
    {
        var nodes = new[] { Controller(100), Broker(1), Broker(2) };
        var quorum = new QuorumState(101, 3, 100, [Voter(100), Voter(1)], []);
        var paths = Validator.Validate(KRaft(nodes, quorum)).Select(p => p.Path).ToList();
        Assert.Contains("quorum.voters[1]", paths);
        Assert.Contains("quorum.leaderId", paths);
    }

    [Fact]
    public void Kraft_mode_without_a_quorum_is_rejected()
    {
        var state = new ClusterState("c", MetadataMode.KRaft, Brokers(3), [], new ClusterFeatures(21, 0, null));
        Assert.Contains(Validator.Validate(state), p => p.Path == "quorum");
    }

    [Fact]
    public void Replicas_on_controller_only_nodes_are_rejected()
    {
        var nodes = new[] { Controller(100), Broker(1) };
        var quorum = new QuorumState(100, 3, 100, [Voter(100)], []);
        var problem = Assert.Single(Validator.Validate(KRaft(nodes, quorum, Topic("t", 1, Healthy(0, 100)))));
        Assert.Contains("controller only", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfInvalid_lists_every_problem()
    {
        var state = ZooKeeper(Brokers(3), Topic("t", 1, Healthy(0, 8), Healthy(1, 9)));
        var ex = Assert.Throws<ClusterValidationException>(() => Validator.ThrowIfInvalid(state));
        Assert.Equal(2, ex.Problems.Count);
        Assert.Contains("unknown node 8", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unknown node 9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_that_leaves_fewer_brokers_than_the_replication_factor_names_the_topic()
    {
        var state = ZooKeeper(Brokers(3), Topic("orders", 2, Healthy(0, 1, 2, 3)));
        var problem = Assert.Single(ClusterValidator.ValidateChange(state, [3], []));
        Assert.Equal("topics[orders]", problem.Path);
        Assert.Contains("replication factor 3", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_with_unknown_or_reused_ids_is_rejected()
    {
        var state = ZooKeeper(Brokers(3));
        var paths = ClusterValidator.ValidateChange(state, [9], [Broker(2), Broker(4), Broker(4)]).Select(p => p.Path).ToList();
        Assert.Equal(["retiring[9]", "newNodes[2]", "newNodes[4]"], paths);
    }

    [Fact]
    public void A_kraft_node_that_cannot_run_the_finalized_metadata_version_is_a_contradiction()
    {
        var nodes = new[] { Controller(100), Broker(1) };
        var state = KRaft(nodes, new QuorumState(100, 1, 1, [Voter(100)], [])) with { Features = new ClusterFeatures(21, 0, null) };
        var problem = Assert.Single(Validator.Validate(state));
        Assert.Equal("nodes[1].version", problem.Path);
        Assert.Contains("cannot run with the finalized metadata.version level 21", problem.Message, StringComparison.Ordinal);
    }
}
