using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using static KafkaUpgrade.Simulation.Tests.SimTestClusters;

namespace KafkaUpgrade.Simulation.Tests;

public class QuorumTests
{
    private static readonly SimulationOptions SlowCatchUp = new() { MetadataCatchUpRecordsPerSecond = 5 };

    private static async Task<(KafkaSimulator Sim, Guid Directory)> WithObserver(SimulationOptions? options = null)
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft), options);
        var info = await sim.Provisioner.ProvisionAsync(103, new NodeConfig(V39, NodeRoles.Controller, "r1"));
        Assert.True(sim.RunUntil(s => s.FindNode(103)!.State == NodeState.Running, TimeSpan.FromMinutes(3)));
        return (sim, info.DirectoryId);
    }

    [Fact]
    public async Task A_new_controller_joins_as_an_observer_and_becomes_a_voter_only_once_caught_up()
    {
        var (sim, directory) = await WithObserver(SlowCatchUp);
        var quorum = await sim.Admin.DescribeQuorumAsync();
        Assert.Contains(quorum.Observers, o => o.NodeId == 103);
        Assert.DoesNotContain(quorum.Voters, v => v.NodeId == 103);

        var lagging = await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.AddRaftVoterAsync(103, directory));
        Assert.Equal(KafkaError.RequestTimedOut, lagging.Error);
        Assert.Contains("lagging behind the leader", lagging.Message, StringComparison.Ordinal);

        Assert.True(sim.RunUntil(s => s.Quorum!.Observers.Single(o => o.NodeId == 103).LogEndOffset >= s.Quorum.HighWatermark, TimeSpan.FromMinutes(2)));
        await sim.Stepping(() => sim.Admin.AddRaftVoterAsync(103, directory));
        Assert.Contains((await sim.Admin.DescribeQuorumAsync()).Voters, v => v.NodeId == 103 && v.DirectoryId == directory);
    }

    [Fact]
    public async Task One_membership_change_at_a_time()
    {
        var (sim, directory) = await WithObserver();
        sim.Step(TimeSpan.FromSeconds(1));
        var adding = sim.Admin.AddRaftVoterAsync(103, directory);
        var voter = (await sim.Admin.DescribeQuorumAsync()).Voters.First(v => v.NodeId == 101);
        var busy = await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.RemoveRaftVoterAsync(101, voter.DirectoryId));
        Assert.Equal(KafkaError.RequestTimedOut, busy.Error);
        Assert.Contains("one membership change at a time", busy.Message, StringComparison.Ordinal);
        await sim.Stepping(() => adding);
    }

    [Fact]
    public async Task Adding_a_voter_needs_kraft_version_1_and_refuses_an_existing_voter()
    {
        var state = ThreeBrokers(MetadataMode.KRaft) with { Features = new ClusterFeatures(21, 0, null) };
        var sim = KafkaSimulator.Load(state);
        var refused = await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.AddRaftVoterAsync(103, Guid.NewGuid()));
        Assert.Equal(KafkaError.UnsupportedVersion, refused.Error);
        Assert.Contains("kraft.version feature is 0", refused.Message, StringComparison.Ordinal);

        var dynamic = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        var existing = (await dynamic.Admin.DescribeQuorumAsync()).Voters[0];
        Assert.Equal(KafkaError.DuplicateVoter, (await Assert.ThrowsAsync<KafkaApiException>(() => dynamic.Admin.AddRaftVoterAsync(existing.NodeId, existing.DirectoryId))).Error);
    }

    [Fact]
    public async Task Removing_the_active_controller_moves_leadership_and_the_last_voter_cannot_go()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        var quorum = await sim.Admin.DescribeQuorumAsync();
        var leader = quorum.Voters.Single(v => v.NodeId == quorum.LeaderId);
        await sim.Stepping(() => sim.Admin.RemoveRaftVoterAsync(leader.NodeId, leader.DirectoryId));
        Assert.True(sim.RunUntil(s => s.Quorum!.LeaderId >= 0 && s.Quorum.LeaderId != leader.NodeId && s.Quorum.Voters.Count == 2, TimeSpan.FromSeconds(10)));

        quorum = await sim.Admin.DescribeQuorumAsync();
        var second = quorum.Voters.First(v => v.NodeId != quorum.LeaderId);
        await sim.Stepping(() => sim.Admin.RemoveRaftVoterAsync(second.NodeId, second.DirectoryId));
        sim.Step(TimeSpan.FromSeconds(2));
        var last = (await sim.Admin.DescribeQuorumAsync()).Voters.Single();
        var refused = await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.RemoveRaftVoterAsync(last.NodeId, last.DirectoryId));
        Assert.Equal(KafkaError.VoterNotFound, refused.Error);
    }

    [Fact]
    public async Task Losing_the_quorum_majority_stops_leader_elections_until_it_is_back()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        await sim.Provisioner.StopAsync(100);
        await sim.Provisioner.StopAsync(101);
        sim.Step(TimeSpan.FromSeconds(10));
        Assert.Equal(-1, sim.Snapshot().Quorum!.LeaderId);
        Assert.Equal(KafkaError.NotLeaderOrFollower, (await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.DescribeQuorumAsync())).Error);
        var refused = await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.ElectPreferredLeadersAsync());
        Assert.Equal(KafkaError.NotController, refused.Error);

        await sim.Provisioner.StartAsync(101);
        Assert.True(sim.RunUntil(s => s.Quorum!.HasLeader, TimeSpan.FromMinutes(1)));
    }
}
