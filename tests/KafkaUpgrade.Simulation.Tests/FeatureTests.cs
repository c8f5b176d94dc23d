using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using static KafkaUpgrade.Simulation.Tests.SimTestClusters;

namespace KafkaUpgrade.Simulation.Tests;

public class FeatureTests
{
    private static readonly KafkaVersion V40 = KafkaVersion.Parse("4.0.0");

    private static async Task<KafkaSimulator> RolledTo40(int except = -1)
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        foreach (var node in sim.Snapshot().Nodes.Where(n => n.Id != except))
        {
            await sim.Provisioner.RestartAsync(node.Id, new NodeConfig(V40, node.Roles, node.Rack));
        }

        Assert.True(sim.RunUntil(s => s.Nodes.All(n => n.State == NodeState.Running), TimeSpan.FromMinutes(2)));
        return sim;
    }

    [Fact]
    public async Task Finalizing_is_refused_while_a_node_runs_a_version_that_cannot_read_the_level()
    {
        var sim = await RolledTo40(except: 2);
        var refused = await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.UpdateFeaturesAsync([new FeatureUpdate("metadata.version", 25)]));
        Assert.Equal(KafkaError.InvalidUpdateVersion, refused.Error);
        Assert.Contains("Broker 2 only supports versions [1-21]", refused.Message, StringComparison.Ordinal);
        Assert.Equal(21, sim.Snapshot().Features.MetadataVersionLevel);
    }

    [Fact]
    public async Task Finalizing_works_once_every_node_runs_the_new_version_and_an_old_node_can_then_no_longer_start()
    {
        var sim = await RolledTo40();
        await sim.Admin.UpdateFeaturesAsync([new FeatureUpdate("metadata.version", 25)]);
        Assert.Equal(25, sim.Snapshot().Features.MetadataVersionLevel);

        await sim.Provisioner.RestartAsync(3, new NodeConfig(V39, NodeRoles.Broker, "r3"));
        Assert.True(sim.RunUntil(s => s.FindNode(3)!.State == NodeState.Failed, TimeSpan.FromMinutes(3)));
        var info = await sim.Provisioner.DescribeNodeAsync(3);
        Assert.Contains("does not support finalized version 4.0-IV3", info!.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_downgrade_across_a_metadata_change_is_refused_and_a_safe_one_allowed()
    {
        var sim = await RolledTo40();
        await sim.Admin.UpdateFeaturesAsync([new FeatureUpdate("metadata.version", 25)]);

        var across = await Assert.ThrowsAsync<KafkaApiException>(() =>
            sim.Admin.UpdateFeaturesAsync([new FeatureUpdate("metadata.version", 21, FeatureUpgradeType.SafeDowngrade)]));
        Assert.Contains("Refusing to perform the requested downgrade because it might delete metadata information", across.Message, StringComparison.Ordinal);

        var noType = await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.UpdateFeaturesAsync([new FeatureUpdate("metadata.version", 24)]));
        Assert.Contains("without setting the upgrade type", noType.Message, StringComparison.Ordinal);

        await sim.Admin.UpdateFeaturesAsync([new FeatureUpdate("metadata.version", 24, FeatureUpgradeType.SafeDowngrade)]);
        Assert.Equal(24, sim.Snapshot().Features.MetadataVersionLevel);
    }

    [Fact]
    public async Task Validate_only_changes_nothing_and_zookeeper_mode_has_no_metadata_version()
    {
        var sim = await RolledTo40();
        await sim.Admin.UpdateFeaturesAsync([new FeatureUpdate("metadata.version", 25)], validateOnly: true);
        Assert.Equal(21, sim.Snapshot().Features.MetadataVersionLevel);

        var zk = KafkaSimulator.Load(ThreeBrokers());
        Assert.Equal(KafkaError.InvalidRequest, (await Assert.ThrowsAsync<KafkaApiException>(() => zk.Admin.UpdateFeaturesAsync([new FeatureUpdate("metadata.version", 21)]))).Error);
    }

    [Fact]
    public async Task A_zookeeper_broker_with_an_inter_broker_protocol_its_version_does_not_know_fails_to_start()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        await sim.Provisioner.RestartAsync(3, ZkBroker(V38, "r3", ibp: "3.9-IV0"));
        Assert.True(sim.RunUntil(s => s.FindNode(3)!.State == NodeState.Failed, TimeSpan.FromMinutes(1)));
        Assert.Contains("inter.broker.protocol.version 3.9-IV0 is not valid for Kafka 3.8.1", (await sim.Provisioner.DescribeNodeAsync(3))!.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_inter_broker_protocol_reported_is_the_lowest_any_broker_speaks()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        foreach (var id in new[] { 1, 2, 3 })
        {
            await sim.Provisioner.RestartAsync(id, ZkBroker(V39, $"r{id}", ibp: "3.8-IV0"));
        }

        Assert.True(sim.RunUntil(s => s.Nodes.All(n => n.State == NodeState.Running && n.Version == V39), TimeSpan.FromMinutes(2)));
        await sim.Provisioner.RestartAsync(1, ZkBroker(V39, "r1", ibp: "3.9-IV0"));
        sim.Step(TimeSpan.FromMinutes(1));
        Assert.Equal("3.8-IV0", sim.Snapshot().Features.InterBrokerProtocolVersion);
    }
}
