using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.Traffic;
using static KafkaUpgrade.Simulation.Tests.SimTestClusters;

namespace KafkaUpgrade.Simulation.Tests;

public class ReassignmentTests
{
    private static async Task<KafkaSimulator> WithFourthBroker()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        await sim.Provisioner.ProvisionAsync(4, ZkBroker(V38, "r1"));
        Assert.True(sim.RunUntil(s => s.FindNode(4)!.State == NodeState.Running, TimeSpan.FromMinutes(3)));
        return sim;
    }

    [Fact]
    public async Task A_reassignment_under_traffic_adds_then_removes_moves_leadership_and_loses_no_acknowledged_write()
    {
        var sim = await WithFourthBroker();
        sim.StartTraffic(new TrafficSpec(2_000_000));
        var tp = new TopicPartition("t", 0);
        Assert.Equal([1, 2, 3], sim.Partition("t", 0).Replicas);

        var errors = await sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [tp] = [4, 2, 3] });
        Assert.Empty(errors);
        var moving = sim.Partition("t", 0);
        Assert.Equal([4, 2, 3, 1], moving.Replicas);
        var listed = Assert.Single(await sim.Admin.ListPartitionReassignmentsAsync());
        Assert.Equal([4], listed.AddingReplicas);
        Assert.Equal([1], listed.RemovingReplicas);

        Assert.True(sim.RunUntil(s => s.InFlightReassignments.Count == 0, TimeSpan.FromMinutes(10)));
        var done = sim.Partition("t", 0);
        Assert.Equal([4, 2, 3], done.Replicas);
        Assert.Equal([2, 3, 4], done.Isr.Order());
        Assert.NotEqual(1, done.Leader);
        Assert.True(sim.Statistics.AckedWrites > 1000);
        Assert.Equal(0, sim.Statistics.LostAckedWrites);
        Assert.Equal(0, sim.CountLostAckedWrites());
        Assert.Equal(0, sim.Statistics.FailedWrites);
    }

    [Fact]
    public async Task The_throttle_bounds_the_copy_rate()
    {
        var sim = await WithFourthBroker();
        var tp = new TopicPartition("t", 0);
        await sim.Admin.SetReplicationThrottleAsync(new ReplicationThrottle(1L << 20, [1, 2, 3, 4], [tp]));
        await sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [tp] = [4, 2, 3] });
        var start = sim.Now;
        Assert.True(sim.RunUntil(s => s.InFlightReassignments.Count == 0, TimeSpan.FromMinutes(10)));

        // 100 MiB at 1 MiB/s: about 100 s (not the ~0.1 s the link would allow).
        Assert.InRange((sim.Now - start).TotalSeconds, 99, 102);
        await sim.Admin.ClearReplicationThrottleAsync();
        Assert.Null(await sim.Admin.DescribeReplicationThrottleAsync());
    }

    [Fact]
    public async Task Cancel_reverts_to_the_original_replicas_and_drops_the_new_copy()
    {
        var sim = await WithFourthBroker();
        var tp = new TopicPartition("t", 0);
        await sim.Admin.SetReplicationThrottleAsync(new ReplicationThrottle(1L << 20, [1, 2, 3, 4], [tp]));
        await sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [tp] = [4, 2, 3] });
        sim.Step(TimeSpan.FromSeconds(10));

        Assert.Empty(await sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [tp] = null }));
        Assert.Equal([1, 2, 3], sim.Partition("t", 0).Replicas);
        Assert.Empty(await sim.Admin.ListPartitionReassignmentsAsync());
        Assert.Equal(0, (await sim.Admin.DescribeLogDirsAsync())[4]);
    }

    [Fact]
    public async Task Kafka_refusals_are_per_partition_named_as_kafka_names_them_and_change_nothing()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        await sim.Provisioner.StopAsync(3);
        sim.Step(TimeSpan.FromSeconds(5));
        var before = sim.WriteSnapshot();

        var errors = await sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?>
        {
            [new TopicPartition("nope", 0)] = [1],
            [new TopicPartition("t", 0)] = [1, 1, 2],
            [new TopicPartition("t", 1)] = [1, 2, 3],
            [new TopicPartition("t", 2)] = null,
            [new TopicPartition("t", 3)] = [],
        });

        Assert.Equal(KafkaError.UnknownTopicOrPartition, errors[new TopicPartition("nope", 0)].Error);
        Assert.Equal(KafkaError.InvalidReplicaAssignment, errors[new TopicPartition("t", 0)].Error);
        Assert.Equal(KafkaError.InvalidReplicaAssignment, errors[new TopicPartition("t", 1)].Error);
        Assert.Contains("brokers that are not alive", errors[new TopicPartition("t", 1)].Message, StringComparison.Ordinal);
        Assert.Equal(KafkaError.NoReassignmentInProgress, errors[new TopicPartition("t", 2)].Error);
        Assert.Equal(KafkaError.InvalidReplicaAssignment, errors[new TopicPartition("t", 3)].Error);
        Assert.Equal(before, sim.WriteSnapshot());
    }

    [Fact]
    public async Task Submitting_the_same_target_twice_is_a_no_op()
    {
        var sim = await WithFourthBroker();
        var tp = new TopicPartition("t", 0);
        var target = new Dictionary<TopicPartition, IReadOnlyList<int>?> { [tp] = [4, 2, 3] };
        await sim.Admin.AlterPartitionReassignmentsAsync(target);
        var once = sim.Partition("t", 0);
        Assert.Empty(await sim.Admin.AlterPartitionReassignmentsAsync(target));
        Assert.Equal(once.Replicas, sim.Partition("t", 0).Replicas);
        Assert.Equal(once.LeaderEpoch, sim.Partition("t", 0).LeaderEpoch);
    }

    [Fact]
    public async Task Decommissioning_a_broker_that_still_holds_replicas_is_counted_as_unsafe_and_loses_rf1_data()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        sim.StartTraffic(new TrafficSpec(100_000, Topics: ["single"]));
        sim.Step(TimeSpan.FromSeconds(10));
        await sim.Provisioner.DecommissionAsync(2);
        sim.Step(TimeSpan.FromSeconds(5));

        var stats = sim.Statistics;
        Assert.Equal(1, stats.UnsafeRemovals);
        Assert.True(stats.LostAckedWrites > 0);
        Assert.Equal(NodeState.Decommissioned, sim.Node(2).State);
    }
}
