using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Safety;
using static KafkaUpgrade.Core.Tests.TestSupport.TestClusters;

namespace KafkaUpgrade.Core.Tests.Safety;

public class ClusterHealthGateTests
{
    private static readonly ClusterState Healthy3 = ZooKeeper(Brokers(3), Topic("t", 2, Healthy(0, 1, 2, 3), Healthy(1, 2, 3, 1)));

    [Fact]
    public void A_boring_cluster_is_healthy() =>
        Assert.True(ClusterHealthGate.Evaluate(Healthy3, HealthExpectation.AllNodesOf(Healthy3)).Allowed);

    [Fact]
    public void Under_replicated_partitions_block()
    {
        var state = ZooKeeper(Brokers(3), Topic("t", 2, Partition(0, [1, 2, 3], [1, 2])));
        var verdict = ClusterHealthGate.Evaluate(state, HealthExpectation.AllNodesOf(state));
        Assert.False(verdict.Allowed);
        Assert.Equal("1 partition(s) under-replicated: t-0", verdict.Reason);
    }

    [Fact]
    public void Offline_partitions_block()
    {
        var state = ZooKeeper(Brokers(3), Topic("t", 1, Partition(0, [1], [], PartitionState.NoLeader)));
        Assert.Contains("offline", ClusterHealthGate.Evaluate(state, HealthExpectation.AllNodesOf(state)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stopped_expected_node_blocks_and_is_named()
    {
        var state = ZooKeeper([Broker(1), Broker(2), Broker(3, state: NodeState.Stopped)]);
        var verdict = ClusterHealthGate.Evaluate(state, new HealthExpectation([1, 2, 3], []));
        Assert.False(verdict.Allowed);
        Assert.Equal(["node 3 (Stopped)"], verdict.Blockers);
    }

    [Fact]
    public void A_missing_expected_node_blocks()
    {
        var verdict = ClusterHealthGate.Evaluate(Healthy3, new HealthExpectation([1, 2, 3, 4], []));
        Assert.Equal(["node 4 (missing)"], verdict.Blockers);
    }

    [Fact]
    public void Foreign_reassignments_block_but_our_own_do_not()
    {
        var tp = new TopicPartition("t", 0);
        var state = Healthy3 with { Reassignments = [new ReassignmentState(tp, [1, 2, 3], [], [])] };
        Assert.False(ClusterHealthGate.Evaluate(state, new HealthExpectation([1, 2, 3], [])).Allowed);
        Assert.True(ClusterHealthGate.Evaluate(state, new HealthExpectation([1, 2, 3], [tp])).Allowed);
    }

    [Fact]
    public void A_kraft_quorum_without_leader_blocks()
    {
        var nodes = new[] { Controller(100), Broker(1) };
        var state = KRaft(nodes, new QuorumState(-1, 3, 1, [Voter(100)], []));
        Assert.Contains("no leader", ClusterHealthGate.Evaluate(state, HealthExpectation.AllNodesOf(state)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reasons_name_the_first_five_blockers_and_count_the_rest()
    {
        var partitions = Enumerable.Range(0, 8).Select(i => Partition(i, [1, 2], [1])).ToArray();
        var state = ZooKeeper(Brokers(3), Topic("t", 1, partitions));
        var verdict = ClusterHealthGate.Evaluate(state, HealthExpectation.AllNodesOf(state));
        Assert.Equal(8, verdict.Blockers.Count);
        Assert.EndsWith("t-4 and 3 more", verdict.Reason, StringComparison.Ordinal);
    }
}
