using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.Traffic;
using static KafkaUpgrade.Simulation.Tests.SimTestClusters;

namespace KafkaUpgrade.Simulation.Tests;

/// <summary>Issue 13, rules 1, 6, 8 and 10: replication, reassignment completion, produce outcomes and throttles as Kafka runs them.</summary>
public class ReplicationFidelityTests
{
    private static readonly KafkaVersion V36 = KafkaVersion.Parse("3.6.2");
    private static readonly TopicPartition T0 = new("t", 0);

    private static KafkaSimulator ThreeBrokersOn36() =>
        KafkaSimulator.Load(ThreeBrokers(version: "3.6.2") with { Features = new ClusterFeatures(null, 0, "3.6-IV2") });

    [Fact]
    public async Task Rule1_a_broker_rolled_without_pinning_the_ibp_cannot_replicate_from_older_leaders_and_leaves_the_isr()
    {
        var sim = ThreeBrokersOn36();
        sim.StartTraffic(new TrafficSpec(100_000, Topics: ["t"]));

        // The classic mistake: 3.9 binaries without inter.broker.protocol.version, so broker 1 speaks 3.9-IV0.
        await sim.Provisioner.RestartAsync(1, ZkBroker(V39, "r1", ibp: null));
        Assert.True(sim.RunUntil(s => s.FindNode(1)!.State == NodeState.Running, TimeSpan.FromMinutes(2)));
        sim.Step(TimeSpan.FromMinutes(2));

        var state = sim.Snapshot();
        Assert.All(state.Topics.Single(t => t.Name == "t").Partitions, p =>
        {
            Assert.NotEqual(1, p.Leader);
            Assert.DoesNotContain(1, p.Isr);
        });
        Assert.Equal("3.6-IV2", state.Features.InterBrokerProtocolVersion);

        // Pinned to the old IBP, the same binaries replicate and rejoin every ISR.
        await sim.Provisioner.RestartAsync(1, ZkBroker(V39, "r1", ibp: "3.6-IV2"));
        Assert.True(sim.RunUntil(s => s.Topics.Single(t => t.Name == "t").Partitions.All(p => p.Isr.Contains(1)), TimeSpan.FromMinutes(3)));
    }

    [Fact]
    public async Task Rule1_the_compatibility_option_keeps_the_old_lenient_behaviour_reachable()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(version: "3.6.2") with { Features = new ClusterFeatures(null, 0, "3.6-IV2") },
            new SimulationOptions { IgnoreInterBrokerProtocolMismatch = true });
        await sim.Provisioner.RestartAsync(1, ZkBroker(V39, "r1", ibp: null));
        Assert.True(sim.RunUntil(s => s.Topics.Single(t => t.Name == "t").Partitions.All(p => p.Isr.Contains(1)), TimeSpan.FromMinutes(3)));
    }

    [Fact]
    public async Task Rule6_a_move_that_only_removes_replicas_completes_only_once_the_target_is_in_sync()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        await sim.Provisioner.StopAsync(3);
        Assert.True(sim.RunUntil(s => s.FindNode(3)!.State == NodeState.Stopped, TimeSpan.FromSeconds(10)));
        Assert.Equal([1, 2], sim.Partition("t", 0).Isr.Order());

        // Replicas [1,2,3], ISR [1,2], target [1,3]: nothing to add, but 3 is not in sync.
        Assert.Empty(await sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [T0] = [1, 3] }));
        sim.Step(TimeSpan.FromMinutes(1));
        var listed = Assert.Single(await sim.Admin.ListPartitionReassignmentsAsync());
        Assert.Equal([2], listed.RemovingReplicas);
        Assert.NotEmpty(sim.Partition("t", 0).Isr);

        await sim.Provisioner.StartAsync(3);
        Assert.True(sim.RunUntil(s => s.InFlightReassignments.Count == 0, TimeSpan.FromMinutes(2)));
        var done = sim.Partition("t", 0);
        Assert.Equal([1, 3], done.Replicas);
        Assert.Equal([1, 3], done.Isr.Order());
    }

    [Fact]
    public async Task Rule8_acks_all_writes_pending_below_min_isr_time_out_and_count_as_failed()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        const double BytesPerSecond = 100_000;
        sim.StartTraffic(new TrafficSpec(BytesPerSecond, Topics: ["t"]));
        sim.CrashNode(2);
        sim.CrashNode(3);
        sim.Step(TimeSpan.FromSeconds(150));

        // Every write of those 150 s failed: refused (NOT_ENOUGH_REPLICAS, no leader) or, for the ones appended to
        // broker 1 before the crashed followers were fenced, timed out after delivery.timeout.ms (120 s).
        var written = 150 * BytesPerSecond / 1024 * 6;
        var stats = sim.Statistics;
        Assert.True(stats.FailedWrites >= 0.99 * written, $"failed {stats.FailedWrites} of {written}");
        Assert.Equal(0, stats.AckedWrites);

        // Followers back: the timed-out writes are in the log but were never acknowledged, and never will be.
        await sim.Provisioner.StartAsync(2);
        await sim.Provisioner.StartAsync(3);
        sim.StopTraffic();
        sim.StartTraffic(new TrafficSpec(BytesPerSecond, Topics: ["single"]));
        Assert.True(sim.RunUntil(s => s.Topics.Single(t => t.Name == "t").Partitions.All(p => p.Isr.Count == 3), TimeSpan.FromMinutes(3)));
        sim.StartTraffic(new TrafficSpec(BytesPerSecond, Topics: ["t"]));
        sim.Step(TimeSpan.FromSeconds(1));
        Assert.True(sim.Statistics.AckedWrites < 0.02 * written, $"acked {sim.Statistics.AckedWrites}");
    }

    [Fact]
    public async Task Rule10_throttles_accumulate_per_broker_and_per_topic_until_deleted()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        await sim.Admin.SetReplicationThrottleAsync(new ReplicationThrottle(1L << 20, [1, 2], [T0]));
        await sim.Admin.SetReplicationThrottleAsync(new ReplicationThrottle(2L << 20, [3], [new TopicPartition("single", 0)]));

        var inForce = await sim.Admin.DescribeReplicationThrottleAsync();
        Assert.NotNull(inForce);
        Assert.Equal([1, 2, 3], inForce.Brokers.Order());
        Assert.Equal([T0, new TopicPartition("single", 0)], inForce.Replicas.OrderBy(r => r.Topic, StringComparer.Ordinal).Reverse());
        Assert.Equal(1L << 20, inForce.BytesPerSecond);

        await sim.Admin.ClearReplicationThrottleAsync();
        Assert.Null(await sim.Admin.DescribeReplicationThrottleAsync());
    }

    [Fact]
    public async Task Rule10_an_in_sync_follower_is_never_throttled()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        var partitions = Enumerable.Range(0, 6).Select(p => new TopicPartition("t", p)).ToList();
        await sim.Admin.SetReplicationThrottleAsync(new ReplicationThrottle(1024, [1, 2, 3], partitions));
        sim.StartTraffic(new TrafficSpec(2_000_000, Topics: ["t"]));
        sim.Step(TimeSpan.FromMinutes(2));

        Assert.All(sim.Snapshot().Topics.Single(t => t.Name == "t").Partitions, p => Assert.Equal(3, p.Isr.Count));
        Assert.Equal(0, sim.Statistics.FailedWrites);
    }

    [Fact]
    public async Task Rule10_a_throttle_left_behind_slows_any_replica_that_falls_out_of_sync()
    {
        static async Task<TimeSpan> Rejoin(bool leaveThrottle)
        {
            var sim = KafkaSimulator.Load(ThreeBrokers());
            var partitions = Enumerable.Range(0, 6).Select(p => new TopicPartition("t", p)).ToList();
            await sim.Admin.SetReplicationThrottleAsync(new ReplicationThrottle(1L << 20, [1, 2, 3], partitions));
            if (!leaveThrottle)
            {
                await sim.Admin.ClearReplicationThrottleAsync();
            }

            sim.StartTraffic(new TrafficSpec(100_000, Topics: ["t"]));
            await sim.Provisioner.StopAsync(3);
            sim.Step(TimeSpan.FromMinutes(1));
            await sim.Provisioner.StartAsync(3);
            Assert.True(sim.RunUntil(s => s.FindNode(3)!.State == NodeState.Running, TimeSpan.FromMinutes(1)));
            var running = sim.Now;
            Assert.True(sim.RunUntil(s => s.Topics.Single(t => t.Name == "t").Partitions.All(p => p.Isr.Contains(3)), TimeSpan.FromMinutes(10)));
            return sim.Now - running;
        }

        // About 70 s of writes to six partitions (~40 MiB) through broker 3's 1 MiB/s follower throttle.
        var throttled = await Rejoin(leaveThrottle: true);
        var cleared = await Rejoin(leaveThrottle: false);
        Assert.True(throttled > TimeSpan.FromSeconds(20), $"throttled {throttled}");
        Assert.True(cleared < TimeSpan.FromSeconds(2), $"cleared {cleared}");
    }
}
