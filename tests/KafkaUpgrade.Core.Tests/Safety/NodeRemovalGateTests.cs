using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Safety;
using static KafkaUpgrade.Core.Tests.TestSupport.TestClusters;

namespace KafkaUpgrade.Core.Tests.Safety;

public class NodeRemovalGateTests
{
    [Fact]
    public void An_empty_broker_may_be_removed()
    {
        var state = ZooKeeper(Brokers(4), Topic("t", 1, Healthy(0, 1, 2, 3)));
        Assert.True(NodeRemovalGate.Evaluate(state, 4).Allowed);
    }

    [Fact]
    public void A_broker_holding_a_replica_may_not_and_the_partitions_are_named()
    {
        var state = ZooKeeper(Brokers(4), Topic("t", 1, Healthy(0, 1, 2, 3), Healthy(1, 2, 3, 4)));
        var verdict = NodeRemovalGate.Evaluate(state, 4);
        Assert.False(verdict.Allowed);
        Assert.Equal(["t-1"], verdict.Blockers);
    }

    [Fact]
    public void A_reassignment_target_may_not_be_removed()
    {
        var state = ZooKeeper(Brokers(4), Topic("t", 1, Healthy(0, 1, 2, 3))) with
        {
            Reassignments = [new ReassignmentState(new TopicPartition("t", 0), [1, 2, 3], [4], [3])],
        };
        Assert.False(NodeRemovalGate.Evaluate(state, 4).Allowed);
    }

    [Fact]
    public void A_voter_may_not_be_removed()
    {
        var nodes = new[] { Controller(100), Controller(101), Broker(1) };
        var state = KRaft(nodes, new QuorumState(100, 1, 1, [Voter(100), Voter(101)], []));
        var verdict = NodeRemovalGate.Evaluate(state, 101);
        Assert.False(verdict.Allowed);
        Assert.Contains("remove it as a voter first", verdict.Reason, StringComparison.Ordinal);
    }
}
