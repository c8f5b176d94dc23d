using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Core.ServerProperties;
using KafkaUpgrade.Workflows.Contracts;

namespace KafkaUpgrade.Workflows.Tests;

/// <summary>
/// The migration's rolls as KRaftMigration asks for them (the same NodeChange values, applied with
/// NodeChange.Apply), rendered to server.properties: each step's file has the keys Kafka 3.9's "ZooKeeper to KRaft
/// Migration" guide gives for that phase, so what the workflow means is what the node gets.
/// </summary>
public sealed class NodeChangeRenderingTests
{
    private static readonly ServerPropertiesLayout Layout = new(
        "listeners=PLAINTEXT://:9092\nlistener.security.protocol.map=PLAINTEXT:PLAINTEXT\nzookeeper.session.timeout.ms=18000\n",
        "listeners=CONTROLLER://:9093\n",
        ZooKeeperConnect: "zk:2181/kafka",
        ControllerAddressTemplate: "ctl-{id}:9093");

    private static readonly IReadOnlyList<int> Controllers = [3000, 3001, 3002];

    [Fact]
    public void A_broker_through_the_migration_forward_and_back()
    {
        var zk = new NodeConfig(KafkaVersion.Parse("3.9.0"), null, "rack-a", InterBrokerProtocolVersion: "3.9");
        var keys = (NodeConfig c) => ServerPropertiesRenderer.Render(1, c, Layout).Properties;

        var intoMigration = new NodeChange(ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: Controllers).Apply(zk);
        var migrating = keys(intoMigration);
        Assert.Equal(("1", "true", "zk:2181/kafka", "3.9", "CONTROLLER"), (migrating["broker.id"], migrating["zookeeper.metadata.migration.enable"], migrating["zookeeper.connect"], migrating["inter.broker.protocol.version"], migrating["controller.listener.names"]));
        Assert.Equal("3000@ctl-3000:9093,3001@ctl-3001:9093,3002@ctl-3002:9093", migrating["controller.quorum.voters"]);

        var toKRaft = new NodeChange(ToKRaftBroker: true, ControllerQuorumVoters: Controllers).Apply(intoMigration);
        var kraft = keys(toKRaft);
        Assert.Equal(("broker", "1"), (kraft["process.roles"], kraft["node.id"]));
        Assert.DoesNotContain(kraft.Keys, k => k is "broker.id" or "inter.broker.protocol.version" || k.StartsWith("zookeeper.", StringComparison.Ordinal));

        var back = new NodeChange(ToZooKeeperBroker: true, ZooKeeperMigrationEnabled: true).Apply(toKRaft);
        var rolledBack = keys(back);
        Assert.Equal(("1", "true"), (rolledBack["broker.id"], rolledBack["zookeeper.metadata.migration.enable"]));
        Assert.False(rolledBack.ContainsKey("process.roles"));

        var off = keys(new NodeChange(ZooKeeperMigrationEnabled: false).Apply(back));
        Assert.False(off.ContainsKey("zookeeper.metadata.migration.enable"));
        Assert.False(off.ContainsKey("controller.quorum.voters"));
        Assert.Equal("zk:2181/kafka", off["zookeeper.connect"]);
    }

    [Fact]
    public void A_controller_provisioned_for_the_migration_then_finalized()
    {
        // KRaftMigration step 1's NodeConfig, then its "finalize" roll.
        var provisioned = new NodeConfig(KafkaVersion.Parse("3.9.0"), NodeRoles.Controller, "rack-a", ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: Controllers);
        var before = ServerPropertiesRenderer.Render(3000, provisioned, Layout).Properties;
        Assert.Equal(("controller", "3000", "true", "zk:2181/kafka"), (before["process.roles"], before["node.id"], before["zookeeper.metadata.migration.enable"], before["zookeeper.connect"]));

        var finalized = ServerPropertiesRenderer.Render(3000, new NodeChange(ZooKeeperMigrationEnabled: false).Apply(provisioned), Layout).Properties;
        Assert.False(finalized.ContainsKey("zookeeper.metadata.migration.enable"));
        Assert.False(finalized.ContainsKey("zookeeper.connect"));
        Assert.Equal("CONTROLLER://:9093", finalized["listeners"]);
    }
}
