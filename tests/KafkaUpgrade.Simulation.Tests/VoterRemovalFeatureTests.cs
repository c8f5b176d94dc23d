using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using static KafkaUpgrade.Simulation.Tests.SimTestClusters;

namespace KafkaUpgrade.Simulation.Tests;

public class VoterRemovalFeatureTests
{
    private static readonly KafkaVersion V40 = KafkaVersion.Parse("4.0.0");

    [Fact]
    public async Task A_controller_removed_from_the_voters_no_longer_limits_feature_levels()
    {
        // Every node on 4.0 except controller 101, still on 3.9 (metadata.version up to 21).
        var state = ThreeBrokers(MetadataMode.KRaft, "4.0.0");
        state = state with { Nodes = state.Nodes.Select(n => n.Id == 101 ? n with { Version = V39 } : n).ToList() };
        var sim = KafkaSimulator.Load(state);
        var finalize = new FeatureUpdate("metadata.version", 25);

        var whileVoter = await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.UpdateFeaturesAsync([finalize], validateOnly: true));
        Assert.Equal(KafkaError.InvalidUpdateVersion, whileVoter.Error);
        Assert.Contains("Controller 101 only supports versions [1-21]", whileVoter.Message, StringComparison.Ordinal);

        // KIP-853 replacement: a new controller joins as an observer, becomes a voter, then 101 is removed.
        var added = await sim.Provisioner.ProvisionAsync(103, new NodeConfig(V40, NodeRoles.Controller, "r2"));
        Assert.True(sim.RunUntil(s => s.Quorum!.Observers.Any(o => o.NodeId == 103 && o.LogEndOffset >= s.Quorum.HighWatermark), TimeSpan.FromMinutes(2)));
        await sim.Stepping(() => sim.Admin.AddRaftVoterAsync(103, added.DirectoryId));
        Assert.True(sim.RunUntil(s => s.Quorum!.Voters.Any(v => v.NodeId == 103), TimeSpan.FromSeconds(10)));
        var old = (await sim.Admin.DescribeQuorumAsync()).Voters.Single(v => v.NodeId == 101);
        await sim.Stepping(() => sim.Admin.RemoveRaftVoterAsync(101, old.DirectoryId));
        Assert.True(sim.RunUntil(s => s.Quorum!.Voters.All(v => v.NodeId != 101), TimeSpan.FromSeconds(10)));

        // 101 still runs (an observer now) but is no voter: Kafka no longer asks it.
        Assert.Contains((await sim.Admin.DescribeQuorumAsync()).Observers, o => o.NodeId == 101);
        await sim.Admin.UpdateFeaturesAsync([finalize]);
        Assert.Equal(25, sim.Snapshot().Features.MetadataVersionLevel);
    }
}
