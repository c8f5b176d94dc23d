using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.Traffic;
using static KafkaUpgrade.Simulation.Tests.SimTestClusters;

namespace KafkaUpgrade.Simulation.Tests;

public class FaultTests
{
    [Fact]
    public async Task A_crashed_broker_keeps_its_log_recovers_on_start_and_rejoins_without_losing_acknowledged_writes()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        sim.StartTraffic(new TrafficSpec(1_000_000, Topics: ["t"]));
        sim.Step(TimeSpan.FromSeconds(5));
        sim.CrashNode(1);
        Assert.True(sim.RunUntil(s => s.Topics[0].Partitions.All(p => p.Leader != 1), TimeSpan.FromSeconds(30)));

        await sim.Provisioner.StartAsync(1);
        Assert.Equal(NodeState.Starting, sim.Node(1).State);
        Assert.True(sim.RunUntil(s => s.Topics[0].Partitions.All(p => p.Isr.Contains(1)), TimeSpan.FromMinutes(5)));
        Assert.Equal(0, sim.CountLostAckedWrites());
        Assert.True(sim.Statistics.AckedWrites > 0);
    }

    [Fact]
    public async Task A_node_that_fails_to_start_reports_why_and_starts_on_the_next_attempt()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        await sim.Provisioner.StopAsync(3);
        Assert.True(sim.RunUntil(s => s.FindNode(3)!.State == NodeState.Stopped, TimeSpan.FromSeconds(10)));
        sim.FailNextStart(3, "java.io.IOException: Permission denied");

        await sim.Provisioner.StartAsync(3);
        Assert.True(sim.RunUntil(s => s.FindNode(3)!.State == NodeState.Failed, TimeSpan.FromMinutes(1)));
        Assert.Equal("java.io.IOException: Permission denied", (await sim.Provisioner.DescribeNodeAsync(3))!.FailureReason);

        await sim.Provisioner.StartAsync(3);
        Assert.True(sim.RunUntil(s => s.FindNode(3)!.State == NodeState.Running, TimeSpan.FromMinutes(1)));
        Assert.Null((await sim.Provisioner.DescribeNodeAsync(3))!.FailureReason);
    }

    [Fact]
    public async Task A_full_disk_halts_the_broker_which_cannot_start_until_space_is_freed()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        sim.FillDisk(2);
        Assert.Equal(NodeState.Failed, sim.Node(2).State);
        Assert.Contains("all log dirs have failed", (await sim.Provisioner.DescribeNodeAsync(2))!.FailureReason, StringComparison.Ordinal);
        Assert.True(sim.RunUntil(s => s.Topics[0].Partitions.All(p => p.Leader != 2 && !p.Isr.Contains(2)), TimeSpan.FromSeconds(30)));

        await sim.Provisioner.StartAsync(2);
        Assert.True(sim.RunUntil(s => s.FindNode(2)!.State == NodeState.Failed, TimeSpan.FromMinutes(1)));
        Assert.Contains("No space left on device", (await sim.Provisioner.DescribeNodeAsync(2))!.FailureReason, StringComparison.Ordinal);

        sim.FreeDisk(2);
        await sim.Provisioner.StartAsync(2);
        Assert.True(sim.RunUntil(s => s.Topics[0].Partitions.All(p => p.Isr.Contains(2)), TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public async Task A_network_isolated_leader_acknowledges_nothing_is_fenced_after_the_session_timeout_and_rejoins_when_healed()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        sim.StartTraffic(new TrafficSpec(1_000_000, Topics: ["t"]));
        sim.Step(TimeSpan.FromSeconds(5));
        sim.IsolateNode(1);
        var ackedBefore = sim.Statistics.AckedWrites;

        sim.Step(TimeSpan.FromSeconds(5));
        Assert.Equal(1, sim.Partition("t", 0).Leader);
        Assert.Equal(NodeState.Running, sim.Node(1).State);
        Assert.True(sim.Statistics.UnwritableMsByPartition["t-0"] >= 4_000);

        Assert.True(sim.RunUntil(s => s.Topics[0].Partitions.All(p => p.Leader != 1 && !p.Isr.Contains(1)), TimeSpan.FromSeconds(10)));
        Assert.InRange(sim.Now, TimeSpan.FromSeconds(14), TimeSpan.FromSeconds(15));
        sim.Step(TimeSpan.FromSeconds(5));
        Assert.True(sim.Statistics.AckedWrites > ackedBefore);
        Assert.Equal(NodeState.Failed, sim.Node(1).State);
        Assert.Equal(NodeState.Running, (await sim.Provisioner.DescribeNodeAsync(1))!.State);

        sim.HealNetwork(1);
        Assert.True(sim.RunUntil(s => s.Topics[0].Partitions.All(p => p.Isr.Contains(1)), TimeSpan.FromMinutes(1)));
        Assert.Equal(0, sim.CountLostAckedWrites());
    }

    [Fact]
    public void Losing_the_zookeeper_session_fences_the_broker_at_once_moves_the_controller_and_it_registers_again()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        sim.StartTraffic(new TrafficSpec(1_000_000, Topics: ["t"]));
        sim.Step(TimeSpan.FromSeconds(2));
        Assert.Equal(1, sim.Snapshot().ZooKeeperControllerId);

        sim.ExpireZooKeeperSession(1);
        var state = sim.Snapshot();
        var controller = state.ZooKeeperControllerId;
        Assert.True(controller is 2 or 3, $"controller {controller}");
        Assert.Equal(NodeState.Failed, state.FindNode(1)!.State);
        Assert.All(state.Topics[0].Partitions, p => Assert.False(p.Leader == 1 || p.Isr.Contains(1)));

        Assert.True(sim.RunUntil(s => s.Topics[0].Partitions.All(p => p.Isr.Contains(1)), TimeSpan.FromMinutes(1)));
        Assert.Equal(controller, sim.Snapshot().ZooKeeperControllerId);
        Assert.Equal(0, sim.CountLostAckedWrites());
    }

    [Fact]
    public void A_kraft_broker_has_no_zookeeper_session_to_lose()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        var refused = Assert.Throws<InvalidOperationException>(() => sim.ExpireZooKeeperSession(1));
        Assert.Contains("node 1", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kraft_controller_failover_elects_another_voter_and_leader_elections_resume()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        sim.Step(TimeSpan.FromSeconds(1));
        Assert.Equal(100, (await sim.Admin.DescribeQuorumAsync()).LeaderId);

        Assert.True(sim.FailOverController());
        Assert.Equal(-1, sim.Snapshot().Quorum!.LeaderId);
        Assert.Equal(KafkaError.NotLeaderOrFollower, (await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.DescribeQuorumAsync())).Error);
        Assert.True(sim.RunUntil(s => s.Quorum!.LeaderId >= 0, TimeSpan.FromSeconds(10)));
        var quorum = await sim.Admin.DescribeQuorumAsync();
        Assert.NotEqual(100, quorum.LeaderId);
        Assert.True(quorum.LeaderEpoch > 1);

        await sim.Provisioner.StopAsync(1);
        Assert.All(sim.Snapshot().Topics[0].Partitions, p => Assert.NotEqual(1, p.Leader));
    }

    [Fact]
    public async Task An_isolated_active_controller_loses_leadership_to_the_other_voters_and_rejoins_as_a_follower()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        sim.Step(TimeSpan.FromSeconds(1));
        sim.IsolateNode(100);
        Assert.True(sim.RunUntil(s => s.Quorum!.LeaderId is 101 or 102, TimeSpan.FromSeconds(5)));

        sim.HealNetwork(100);
        sim.Step(TimeSpan.FromSeconds(10));
        var quorum = await sim.Admin.DescribeQuorumAsync();
        Assert.NotEqual(100, quorum.LeaderId);
        Assert.Equal(quorum.HighWatermark, quorum.Voters.Single(v => v.NodeId == 100).LogEndOffset);
    }

    [Fact]
    public void A_zookeeper_controller_failover_hands_the_controller_to_another_broker()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        Assert.True(sim.FailOverController());
        Assert.True(sim.Snapshot().ZooKeeperControllerId is 2 or 3);
        Assert.Equal(NodeState.Running, sim.Node(1).State);
    }
}
