using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.Traffic;
using static KafkaUpgrade.Simulation.Tests.SimTestClusters;

namespace KafkaUpgrade.Simulation.Tests;

public class ReplicationAndLeadershipTests
{
    [Fact]
    public async Task Controlled_shutdown_moves_leadership_off_the_broker_and_takes_it_out_of_every_isr()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        await sim.Provisioner.StopAsync(1);
        var state = sim.Snapshot();

        Assert.All(state.Topics.Single(t => t.Name == "t").Partitions, p =>
        {
            Assert.NotEqual(1, p.Leader);
            Assert.DoesNotContain(1, p.Isr);
            Assert.True(p.Leader >= 0);
        });
        Assert.Equal(NodeState.ShuttingDown, state.FindNode(1)!.State);
        Assert.True(sim.RunUntil(s => s.FindNode(1)!.State == NodeState.Stopped, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_partition_whose_only_replica_stops_goes_offline_and_comes_back_with_it()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        await sim.Provisioner.StopAsync(2);
        Assert.Equal(PartitionState.NoLeader, sim.Partition("single", 0).Leader);
        sim.Step(TimeSpan.FromSeconds(5));
        await sim.Provisioner.StartAsync(2);
        Assert.True(sim.RunUntil(s => s.Topics.Single(t => t.Name == "single").Partitions[0].Leader == 2, TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public async Task A_restarted_broker_catches_up_and_rejoins_the_isr_and_preferred_election_restores_leadership()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        sim.StartTraffic(new TrafficSpec(1_000_000));
        await sim.Provisioner.StopAsync(1);
        sim.Step(TimeSpan.FromMinutes(1));
        await sim.Provisioner.StartAsync(1);
        Assert.True(sim.RunUntil(s => s.AllPartitions.All(p => !p.Partition.IsUnderReplicated), TimeSpan.FromMinutes(5)));
        Assert.NotEqual(1, sim.Partition("t", 0).Leader);

        var errors = await sim.Admin.ElectPreferredLeadersAsync([new TopicPartition("t", 0), new TopicPartition("t", 1)]);
        Assert.Equal(1, sim.Partition("t", 0).Leader);
        Assert.Equal(KafkaError.ElectionNotNeeded, errors[new TopicPartition("t", 1)]);
        Assert.Equal(0, sim.CountLostAckedWrites());
    }

    [Fact]
    public async Task A_slow_follower_drops_out_of_the_isr_after_replica_lag_time_max()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        sim.StartTraffic(new TrafficSpec(5_000_000));
        sim.SetBandwidthFactor(3, 0.0001);
        sim.Step(TimeSpan.FromSeconds(20));
        Assert.Contains(3, sim.Partition("t", 0).Isr);
        Assert.True(sim.RunUntil(s => !s.Topics[0].Partitions[0].Isr.Contains(3), TimeSpan.FromSeconds(30)));
        Assert.InRange(sim.Now, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(32));

        sim.SetBandwidthFactor(3, 1);
        Assert.True(sim.RunUntil(s => s.Topics[0].Partitions[0].Isr.Contains(3), TimeSpan.FromMinutes(1)));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Writes_fail_below_min_isr_and_the_unwritable_time_is_counted()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        sim.StartTraffic(new TrafficSpec(100_000, Topics: ["t"]));
        await sim.Provisioner.StopAsync(1);
        sim.Step(TimeSpan.FromSeconds(5));
        var before = sim.Statistics;
        Assert.Equal(0, before.FailedWrites);

        await sim.Provisioner.StopAsync(2);
        sim.Step(TimeSpan.FromSeconds(10));
        var after = sim.Statistics;
        Assert.True(after.FailedWrites > 0);
        Assert.True(after.UnwritableMsByPartition["t-0"] >= 9_000);
        Assert.Equal(6, after.MinIsrViolations);
        Assert.Contains(after.SafetyEvents, e => e.Contains("below min.insync.replicas 2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_crashed_leader_is_fenced_only_after_the_session_timeout()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        sim.CrashNode(1);
        sim.Step(TimeSpan.FromSeconds(10));
        Assert.Equal(1, sim.Partition("t", 0).Leader);
        Assert.True(sim.RunUntil(s => s.Topics[0].Partitions[0].Leader != 1, TimeSpan.FromSeconds(10)));
        Assert.InRange(sim.Now, TimeSpan.FromSeconds(18), TimeSpan.FromSeconds(19));
        Assert.Equal(0, sim.Statistics.MinIsrViolations);
    }
}
