using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using static KafkaUpgrade.Simulation.Tests.SimTestClusters;

namespace KafkaUpgrade.Simulation.Tests;

public class NodeLifecycleTests
{
    [Fact]
    public async Task Provisioning_takes_time_and_is_idempotent()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        var first = await sim.Provisioner.ProvisionAsync(7, ZkBroker(V38, "r1"));
        var second = await sim.Provisioner.ProvisionAsync(7, ZkBroker(V38, "r1"));
        Assert.Equal(NodeState.Provisioning, first.State);
        Assert.Equal(first.DirectoryId, second.DirectoryId);
        Assert.Equal(4, sim.Snapshot().Nodes.Count);

        sim.Step(TimeSpan.FromSeconds(59));
        Assert.Equal(NodeState.Provisioning, sim.Node(7).State);
        Assert.True(sim.RunUntil(s => s.FindNode(7)!.State == NodeState.Running, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Provisioning_an_existing_id_with_another_configuration_is_refused()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        var ex = await Assert.ThrowsAsync<NodeProvisioningException>(() => sim.Provisioner.ProvisionAsync(1, ZkBroker(V39, "r1")));
        Assert.Contains("already exists", ex.Message, StringComparison.Ordinal);
        Assert.Equal(V38, sim.Node(1).Version);
    }

    [Fact]
    public async Task A_node_may_fail_to_start()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        await sim.Provisioner.ProvisionAsync(7, ZkBroker(V38, "r1"));
        sim.FailNextStart(7, "disk full");
        Assert.True(sim.RunUntil(s => s.FindNode(7)!.State == NodeState.Failed, TimeSpan.FromMinutes(2)));
        Assert.Equal("disk full", (await sim.Provisioner.DescribeNodeAsync(7))!.FailureReason);
        await sim.Provisioner.StartAsync(7);
        Assert.True(sim.RunUntil(s => s.FindNode(7)!.State == NodeState.Running, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Kafka_4_will_not_start_in_zookeeper_mode()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        await sim.Provisioner.RestartAsync(3, ZkBroker(KafkaVersion.Parse("4.0.0"), "r3", ibp: null));
        Assert.True(sim.RunUntil(s => s.FindNode(3)!.State == NodeState.Failed, TimeSpan.FromMinutes(1)));
        Assert.Contains("process.roles is required", (await sim.Provisioner.DescribeNodeAsync(3))!.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Recovery_after_a_crash_grows_with_the_data_on_the_node()
    {
        TimeSpan RecoveryTime(long partitionBytes)
        {
            var state = ThreeBrokers();
            state = state with
            {
                Topics = state.Topics.Select(t => t with { Partitions = t.Partitions.Select(p => p with { SizeBytes = partitionBytes }).ToList() }).ToList(),
            };
            var sim = KafkaSimulator.Load(state);
            sim.CrashNode(1);
            sim.Step(TimeSpan.FromSeconds(20));
            sim.Provisioner.StartAsync(1).GetAwaiter().GetResult();
            var started = sim.Now;
            Assert.True(sim.RunUntil(s => s.FindNode(1)!.State == NodeState.Running, TimeSpan.FromHours(1)));
            return sim.Now - started;
        }

        var small = RecoveryTime(1L << 20);
        var large = RecoveryTime(50L << 30);
        Assert.True(large > small + TimeSpan.FromSeconds(10), $"small {small}, large {large}");
    }

    [Fact]
    public async Task Log_dirs_and_consumer_lag_are_reported()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        sim.StartTraffic(new Traffic.TrafficSpec(10_000, Topics: ["t"]));
        sim.Step(TimeSpan.FromSeconds(5));
        var dirs = await sim.Admin.DescribeLogDirsAsync();
        Assert.True(dirs[1] >= 6L * (100L << 20));
        Assert.True(dirs[2] > dirs[1]);
        var lag = Assert.Single(await sim.Admin.DescribeConsumerGroupLagAsync());
        Assert.Equal("t", lag.Topic);
        Assert.InRange(lag.Lag, 0, 1000);
    }
}
