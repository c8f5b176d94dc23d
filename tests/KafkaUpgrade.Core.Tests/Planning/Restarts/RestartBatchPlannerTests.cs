using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning;
using KafkaUpgrade.Core.Planning.Restarts;
using static KafkaUpgrade.Core.Tests.TestSupport.TestClusters;

namespace KafkaUpgrade.Core.Tests.Planning.Restarts;

public class RestartBatchPlannerTests
{
    [Fact]
    public void Rack_spread_replicas_give_a_rack_by_rack_plan()
    {
        // Racks: a = 1,4; b = 2,5; c = 3,6. Every partition has one replica per rack.
        var state = ZooKeeper(Brokers(6), Topic("t", 2, Healthy(0, 1, 2, 3), Healthy(1, 5, 6, 4), Healthy(2, 3, 4, 2))) with { ZooKeeperControllerId = 2 };
        var plan = RestartBatchPlanner.Plan(state, maxBatchSize: 6);

        Assert.StartsWith("rack by rack", plan.Strategy, StringComparison.Ordinal);
        Assert.Equal([[1, 4], [3, 6], [2, 5]], plan.Batches.Select(b => b.NodeIds));
        Assert.Contains("controller broker 2", plan.Batches[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cap_splits_groups_evenly()
    {
        var state = ZooKeeper(Brokers(9), Topic("t", 1, Healthy(0, 1, 2, 3)));
        var plan = RestartBatchPlanner.Plan(state, maxBatchSize: 2);
        Assert.All(plan.Batches, b => Assert.InRange(b.NodeIds.Count, 1, 2));
        Assert.Equal(Enumerable.Range(1, 9), plan.NodeOrder.Order());
    }

    [Fact]
    public void Without_rack_spread_colouring_still_keeps_sharing_brokers_apart()
    {
        var nodes = Enumerable.Range(1, 4).Select(id => Broker(id, "same")).ToList();
        var state = ZooKeeper(nodes, Topic("t", 1, Healthy(0, 1, 2), Healthy(1, 2, 3), Healthy(2, 3, 4)));
        var plan = RestartBatchPlanner.Plan(state, maxBatchSize: 4);
        Assert.StartsWith("graph colouring", plan.Strategy, StringComparison.Ordinal);
        Assert.Equal(2, plan.Batches.Count);
        Assert.Equal([[1, 3], [2, 4]], plan.Batches.Select(b => b.NodeIds).OrderBy(b => b[0]));
    }

    [Fact]
    public void Controllers_go_first_one_at_a_time_with_the_active_controller_last()
    {
        var nodes = new[] { Controller(100), Controller(101), Controller(102), Broker(1), Broker(2) };
        var state = KRaft(nodes, new QuorumState(101, 1, 1, [Voter(100), Voter(101), Voter(102)], []), Topic("t", 1, Healthy(0, 1, 2)));
        var plan = RestartBatchPlanner.Plan(state, maxBatchSize: 3);
        Assert.Equal([[100], [102], [101], [1], [2]], plan.Batches.Select(b => b.NodeIds));
        Assert.Equal(RestartBatchKind.Controllers, plan.Batches[2].Kind);
        Assert.Contains("active controller", plan.Batches[2].Reason, StringComparison.Ordinal);
        Assert.Equal(RestartBatchKind.Brokers, plan.Batches[3].Kind);
    }

    [Fact]
    public void A_subset_of_nodes_can_be_planned()
    {
        var state = ZooKeeper(Brokers(6), Topic("t", 1, Healthy(0, 1, 2, 3)));
        var plan = RestartBatchPlanner.Plan(state, 6, [2, 5]);
        Assert.Equal([2, 5], plan.NodeOrder.Order());
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        var state = ZooKeeper(Brokers(3));
        Assert.Contains("at least 1", Assert.Throws<PlanningException>(() => RestartBatchPlanner.Plan(state, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("node 9", Assert.Throws<PlanningException>(() => RestartBatchPlanner.Plan(state, 1, [9])).Message, StringComparison.Ordinal);
    }
}
