using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.Traffic;
using static KafkaUpgrade.Simulation.Tests.SimTestClusters;

namespace KafkaUpgrade.Simulation.Tests;

/// <summary>Issue 13, rules 3, 4, 5 and 12 and the DescribeQuorum / UnregisterBroker / ELR items: controllers and quorum as Kafka runs them.</summary>
public class ControllerFidelityTests
{
    private static async Task<KafkaSimulator> KRaftWithoutQuorumMajority()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        await sim.Provisioner.StopAsync(100);
        await sim.Provisioner.StopAsync(101);
        Assert.True(sim.RunUntil(s => !s.Quorum!.HasLeader && s.FindNode(101)!.State == NodeState.Stopped, TimeSpan.FromSeconds(10)));
        return sim;
    }

    [Fact]
    public async Task Rule3_a_broker_that_dies_while_no_controller_is_active_is_fenced_by_the_next_controller()
    {
        var sim = await KRaftWithoutQuorumMajority();
        sim.CrashNode(1);
        sim.Step(TimeSpan.FromSeconds(30));
        Assert.Equal(1, sim.Partition("t", 0).Leader);

        await sim.Provisioner.StartAsync(101);
        Assert.True(sim.RunUntil(s => s.Quorum!.HasLeader, TimeSpan.FromMinutes(1)));
        var elected = sim.Now;
        Assert.True(sim.RunUntil(s => s.Topics.Single(t => t.Name == "t").Partitions.All(p => p.Leader != 1 && !p.Isr.Contains(1)), TimeSpan.FromMinutes(1)));

        // One broker session timeout after the new controller took over (its sessions start then).
        Assert.InRange((sim.Now - elected).TotalSeconds, 8.5, 10);
    }

    [Fact]
    public async Task Rule3_a_controlled_shutdown_without_a_controller_waits_for_one()
    {
        var sim = await KRaftWithoutQuorumMajority();
        await sim.Provisioner.StopAsync(1);
        sim.Step(TimeSpan.FromSeconds(30));
        Assert.Equal(NodeState.ShuttingDown, sim.Node(1).State);
        Assert.Equal(1, sim.Partition("t", 0).Leader);

        await sim.Provisioner.StartAsync(101);
        Assert.True(sim.RunUntil(s => s.FindNode(1)!.State == NodeState.Stopped, TimeSpan.FromMinutes(1)));
        Assert.All(sim.Snapshot().Topics.Single(t => t.Name == "t").Partitions, p =>
        {
            Assert.NotEqual(1, p.Leader);
            Assert.DoesNotContain(1, p.Isr);
        });
    }

    [Fact]
    public async Task Rule3_a_controlled_shutdown_that_times_out_waiting_still_gets_the_broker_fenced_later()
    {
        var sim = await KRaftWithoutQuorumMajority();
        await sim.Provisioner.StopAsync(1);
        Assert.True(sim.RunUntil(s => s.FindNode(1)!.State == NodeState.Stopped, TimeSpan.FromMinutes(6)));
        Assert.InRange(sim.Now.TotalMinutes, 5, 5.2);

        await sim.Provisioner.StartAsync(101);
        Assert.True(sim.RunUntil(s => s.Topics.Single(t => t.Name == "t").Partitions.All(p => p.Leader != 1 && !p.Isr.Contains(1)), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Rule4_a_voter_reprovisioned_with_a_new_directory_is_only_an_observer_and_the_old_voter_counts_as_offline()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        var oldVoter = (await sim.Admin.DescribeQuorumAsync()).Voters.Single(v => v.NodeId == 101);
        await sim.Provisioner.DecommissionAsync(101);
        Assert.True(sim.RunUntil(s => s.FindNode(101)!.State == NodeState.Decommissioned, TimeSpan.FromSeconds(10)));
        var fresh = await sim.Provisioner.ProvisionAsync(101, new NodeConfig(V39, NodeRoles.Controller, "r2"));
        Assert.NotEqual(oldVoter.DirectoryId, fresh.DirectoryId);
        Assert.True(sim.RunUntil(s => s.FindNode(101)!.State == NodeState.Running, TimeSpan.FromMinutes(3)));

        var quorum = await sim.Admin.DescribeQuorumAsync();
        Assert.Contains(quorum.Voters, v => v.NodeId == 101 && v.DirectoryId == oldVoter.DirectoryId);
        Assert.Contains(quorum.Observers, o => o.NodeId == 101 && o.DirectoryId == fresh.DirectoryId);

        // Voters 100 (running), 101 (its directory is gone), 102: stopping 102 loses the majority.
        await sim.Provisioner.StopAsync(102);
        Assert.True(sim.RunUntil(s => !s.Quorum!.HasLeader, TimeSpan.FromSeconds(10)));
        sim.Step(TimeSpan.FromSeconds(30));
        Assert.False(sim.Snapshot().Quorum!.HasLeader);
    }

    [Fact]
    public async Task Rule5_removing_a_voter_of_a_static_quorum_is_unsupported()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft) with { Features = new ClusterFeatures(21, 0, null) });
        var voter = (await sim.Admin.DescribeQuorumAsync()).Voters[1];
        var refused = await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.RemoveRaftVoterAsync(voter.NodeId, voter.DirectoryId));
        Assert.Equal(KafkaError.UnsupportedVersion, refused.Error);
        Assert.Contains("removing voter because the kraft.version feature is 0", refused.Message, StringComparison.Ordinal);
        Assert.Equal(3, sim.Snapshot().Quorum!.Voters.Count);
    }

    [Fact]
    public async Task Rule5_a_voter_change_is_answered_only_once_committed_under_the_new_voter_set()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        var added = await sim.Provisioner.ProvisionAsync(103, new NodeConfig(V39, NodeRoles.Controller, "r1"));
        Assert.True(sim.RunUntil(s => s.Quorum!.Observers.Any(o => o.NodeId == 103 && o.LogEndOffset >= s.Quorum.HighWatermark), TimeSpan.FromMinutes(3)));
        await sim.Provisioner.StopAsync(102);
        Assert.True(sim.RunUntil(s => s.FindNode(102)!.State == NodeState.Stopped, TimeSpan.FromSeconds(10)));

        // Four voters once appended, only 100 and 101 alive after 103 dies: the record cannot commit.
        var adding = sim.Admin.AddRaftVoterAsync(103, added.DirectoryId);
        Assert.False(adding.IsCompleted);
        sim.CrashNode(103);
        sim.Step(TimeSpan.FromSeconds(5));
        var timedOut = await Assert.ThrowsAsync<KafkaApiException>(() => adding);
        Assert.Equal(KafkaError.RequestTimedOut, timedOut.Error);
        Assert.False(sim.Snapshot().Quorum!.HasLeader);

        // A majority of the new set back: the quorum recovers and the change commits.
        await sim.Provisioner.StartAsync(102);
        Assert.True(sim.RunUntil(s => s.Quorum!.HasLeader && s.Quorum.Voters.Count == 4, TimeSpan.FromMinutes(1)));
        sim.Step(TimeSpan.FromSeconds(2));
        var voter = (await sim.Admin.DescribeQuorumAsync()).Voters.Single(v => v.NodeId == 101);
        await sim.Stepping(() => sim.Admin.RemoveRaftVoterAsync(103, added.DirectoryId));
        Assert.DoesNotContain(sim.Snapshot().Quorum!.Voters, v => v.NodeId == 103);
        Assert.Equal(voter.DirectoryId, sim.Snapshot().Quorum!.Voters.Single(v => v.NodeId == 101).DirectoryId);
    }

    [Fact]
    public async Task Rule12_election_ties_are_decided_by_the_seed()
    {
        static async Task<(int? ZooKeeper, int KRaft)> Winners(int seed)
        {
            var zk = KafkaSimulator.Load(ThreeBrokers(), new SimulationOptions { Seed = seed });
            zk.FailOverController();
            var kraft = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft), new SimulationOptions { Seed = seed });
            kraft.FailOverController();
            Assert.True(kraft.RunUntil(s => s.Quorum!.HasLeader, TimeSpan.FromSeconds(10)));
            return (zk.Snapshot().ZooKeeperControllerId, (await kraft.Admin.DescribeQuorumAsync()).LeaderId);
        }

        var runs = new List<(int? ZooKeeper, int KRaft)>();
        foreach (var seed in Enumerable.Range(1, 12))
        {
            runs.Add(await Winners(seed));
        }

        Assert.Equal(runs[4], await Winners(5));
        Assert.True(runs.Select(r => r.ZooKeeper).Distinct().Count() > 1, "the ZooKeeper controller race always went the same way");
        Assert.True(runs.Select(r => r.KRaft).Distinct().Count() > 1, "the KRaft election always went the same way");
    }

    [Fact]
    public async Task Rule12_which_of_two_brokers_started_together_recovers_first_is_decided_by_the_seed()
    {
        static async Task<int> FirstBack(int seed)
        {
            var sim = KafkaSimulator.Load(ThreeBrokers(), new SimulationOptions { Seed = seed });
            await sim.Provisioner.StopAsync(1);
            await sim.Provisioner.StopAsync(2);
            Assert.True(sim.RunUntil(s => s.FindNode(1)!.State == NodeState.Stopped && s.FindNode(2)!.State == NodeState.Stopped, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100)));
            await sim.Provisioner.StartAsync(1);
            await sim.Provisioner.StartAsync(2);
            Assert.True(sim.RunUntil(s => s.FindNode(1)!.State == NodeState.Running || s.FindNode(2)!.State == NodeState.Running, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(100)));
            return sim.Node(1).State == NodeState.Running ? 1 : 2;
        }

        var firsts = new List<int>();
        foreach (var seed in Enumerable.Range(1, 12))
        {
            firsts.Add(await FirstBack(seed));
        }

        Assert.Equal(firsts[2], await FirstBack(3));
        Assert.Equal(2, firsts.Distinct().Count());
    }

    [Fact]
    public async Task Rule12_the_driver_moves_time_in_whole_ticks()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(), new SimulationOptions { Tick = TimeSpan.FromMilliseconds(250) });
        await using (new SimulationDriver(sim, speed: 137))
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (sim.Now < TimeSpan.FromSeconds(5) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(7);
            }
        }

        Assert.True(sim.Now >= TimeSpan.FromSeconds(5));
        Assert.Equal(0, sim.Now.Ticks % TimeSpan.FromMilliseconds(250).Ticks);
    }

    [Fact]
    public async Task DescribeQuorum_reports_the_leader_as_fetching_now_observers_advancing_and_fails_without_a_leader()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        sim.Step(TimeSpan.FromSeconds(10));
        var quorum = await sim.Admin.DescribeQuorumAsync();
        var leader = quorum.Voters.Single(v => v.NodeId == quorum.LeaderId);
        Assert.Equal((long)sim.Now.TotalMilliseconds, leader.LastFetchTimestampMs);
        Assert.Equal((long)sim.Now.TotalMilliseconds, leader.LastCaughtUpTimestampMs);
        var broker = quorum.Observers.Single(o => o.NodeId == 1);
        Assert.Equal(quorum.HighWatermark, broker.LogEndOffset);
        Assert.NotNull(broker.LastFetchTimestampMs);

        sim.Step(TimeSpan.FromSeconds(10));
        Assert.True((await sim.Admin.DescribeQuorumAsync()).Observers.Single(o => o.NodeId == 1).LogEndOffset > broker.LogEndOffset);

        sim.FailOverController();
        Assert.Equal(KafkaError.NotLeaderOrFollower, (await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.DescribeQuorumAsync())).Error);
    }

    [Fact]
    public async Task Unregistering_a_live_broker_makes_it_register_again_and_fail_if_the_finalized_version_moved_past_it()
    {
        var state = ThreeBrokers(MetadataMode.KRaft) with { Features = new ClusterFeatures(20, 1, null) };
        state = state with { Nodes = state.Nodes.Select(n => n.Id == 3 ? n with { Version = V38 } : n).ToList() };
        var sim = KafkaSimulator.Load(state);

        // Unregistered, the live broker re-registers on its next heartbeat.
        await sim.Admin.UnregisterBrokerAsync(2);
        sim.Step(TimeSpan.FromSeconds(1));
        await sim.Admin.UnregisterBrokerAsync(2);

        // In the window before 3.8's broker re-registers, nothing stops the bump; its registration then fails.
        await sim.Admin.UnregisterBrokerAsync(3);
        await sim.Admin.UpdateFeaturesAsync([new FeatureUpdate("metadata.version", 21)]);
        Assert.True(sim.RunUntil(s => s.FindNode(3)!.State == NodeState.Failed, TimeSpan.FromMinutes(2)));
        Assert.Contains("does not support finalized version 3.9-IV0", (await sim.Provisioner.DescribeNodeAsync(3))!.FailureReason, StringComparison.Ordinal);
        Assert.All(sim.Snapshot().Topics.Single(t => t.Name == "t").Partitions, p => Assert.DoesNotContain(3, p.Isr));
    }

    [Fact]
    public async Task Eligible_leader_replicas_are_refused_as_not_modelled()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft, "4.1.0") with { Features = new ClusterFeatures(27, 1, null) });
        var refused = await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.UpdateFeaturesAsync([new FeatureUpdate("eligible.leader.replicas.version", 1)]));
        Assert.Equal(KafkaError.InvalidUpdateVersion, refused.Error);
        Assert.Contains("KIP-966", refused.Message, StringComparison.Ordinal);
    }
}
