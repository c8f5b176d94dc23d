using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning;
using KafkaUpgrade.Core.Planning.Reassignment;
using static KafkaUpgrade.Core.Tests.TestSupport.TestClusters;

namespace KafkaUpgrade.Core.Tests.Planning.Reassignment;

public class ReassignmentPlannerTests
{
    private static readonly ClusterState Six = ZooKeeper(Brokers(6),
        Topic("orders", 2, Healthy(0, 1, 2, 3), Healthy(1, 2, 3, 4), Healthy(2, 4, 5, 6), Healthy(3, 6, 1, 2)),
        Topic("audit", 1, Healthy(0, 5)));

    [Fact]
    public void Replacing_one_node_moves_only_its_replicas_into_their_positions()
    {
        var plan = ReassignmentPlanner.Plan(Six, [2], [Broker(7, "b")]);

        Assert.Equal(3, plan.PartitionCount);
        Assert.All(plan.Moves, m => Assert.Equal(m.CurrentReplicas.Select(r => r == 2 ? 7 : r), m.TargetReplicas));
        Assert.Equal(3_000, plan.TotalBytesToMove);
        var move = plan.Moves.Single(m => m.Partition == new TopicPartition("orders", 1));
        Assert.True(move.MovesPreferredLeader);
        Assert.Equal([7, 3, 4], move.TargetReplicas);
    }

    [Fact]
    public void Replacement_prefers_a_rack_the_partition_does_not_use()
    {
        // orders-0 = [1(a), 2(b), 3(c)]: replacing 2 must land on rack b, the only rack it lacks.
        var plan = ReassignmentPlanner.Plan(Six, [2], [Broker(7, "a"), Broker(8, "b"), Broker(9, "c")]);
        Assert.Equal([1, 8, 3], plan.Moves.First(m => m.Partition == new TopicPartition("orders", 0)).TargetReplicas);
    }

    [Fact]
    public void Batches_hold_at_most_the_batch_size_and_every_partition_moves_once()
    {
        var plan = ReassignmentPlanner.Plan(Six, [1, 2, 3, 4, 5, 6], [Broker(11, "a"), Broker(12, "b"), Broker(13, "c"), Broker(14, "a"), Broker(15, "b"), Broker(16, "c")], batchSize: 4);
        Assert.Equal([[1, 2, 3, 4], [5, 6]], plan.Batches.Select(b => b.RetiringNodes));
        Assert.Equal(5, plan.PartitionCount);
        Assert.Equal(5, plan.Moves.Select(m => m.Partition).Distinct().Count());
        Assert.Equal(["audit-0"], plan.Batches[1].Moves.Select(m => m.Partition.ToString()));
    }

    [Fact]
    public void The_same_input_gives_the_same_plan()
    {
        var a = ReassignmentPlanner.Plan(Six, [1, 4], [Broker(7), Broker(8)]);
        var b = ReassignmentPlanner.Plan(Six, [4, 1], [Broker(7), Broker(8)]);
        Assert.Equal(a.Moves.Select(m => string.Join(",", m.TargetReplicas)), b.Moves.Select(m => string.Join(",", m.TargetReplicas)));
    }

    [Theory]
    [InlineData(new[] { 9 }, new[] { 7 }, 6, "node 9 is not in the cluster")]
    [InlineData(new[] { 1 }, new[] { 2 }, 6, "node id 2 is already used")]
    [InlineData(new[] { 1 }, new[] { 1 }, 6, "Node 1 is listed both as retiring and as new")]
    [InlineData(new[] { 1 }, new[] { 7 }, 0, "Batch size must be at least 1, was 0")]
    [InlineData(new[] { 1, 2, 3, 4 }, new int[0], 6, "topics[orders]: replication factor 3 is larger than the 2 broker(s) left")]
    public void Bad_requests_are_refused_naming_the_item(int[] retiring, int[] added, int batchSize, string message)
    {
        var ex = Assert.Throws<PlanningException>(() => ReassignmentPlanner.Plan(Six, retiring, added.Select(id => Broker(id)).ToList(), batchSize));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retiring_nodes_with_data_and_no_new_broker_is_refused()
    {
        var ex = Assert.Throws<PlanningException>(() => ReassignmentPlanner.Plan(Six, [5], []));
        Assert.Contains("no new broker", ex.Message, StringComparison.Ordinal);
    }
}
