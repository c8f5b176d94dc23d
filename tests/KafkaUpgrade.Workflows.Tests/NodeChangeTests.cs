using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Workflows.Contracts;

namespace KafkaUpgrade.Workflows.Tests;

/// <summary>Issue 12, point 7: a software roll in ZooKeeper mode pins the inter-broker protocol where the configuration leaves it unset.</summary>
public class NodeChangeTests
{
    private static readonly NodeConfig Unset = new(KafkaVersion.Parse("3.8.0"), null, "a");

    [Fact]
    public void A_zookeeper_broker_without_the_protocol_set_gets_the_one_in_force()
    {
        var next = new NodeChange(Version: "3.9", PinInterBrokerProtocolIfUnset: "3.8-IV0").Apply(Unset);
        Assert.Equal("3.8-IV0", next.InterBrokerProtocolVersion);
        Assert.Equal(KafkaVersion.Parse("3.9"), next.Version);
    }

    [Fact]
    public void A_protocol_already_set_and_a_kraft_node_are_left_alone()
    {
        var set = Unset with { InterBrokerProtocolVersion = "3.7" };
        Assert.Equal("3.7", new NodeChange(Version: "3.9", PinInterBrokerProtocolIfUnset: "3.8-IV0").Apply(set).InterBrokerProtocolVersion);
        var kraft = Unset with { ProcessRoles = NodeRoles.Broker };
        Assert.Null(new NodeChange(Version: "3.9", PinInterBrokerProtocolIfUnset: "3.8-IV0").Apply(kraft).InterBrokerProtocolVersion);
    }

    [Fact]
    public void The_migration_flag_goes_on_zookeeper_brokers_and_controllers_never_on_a_broker_already_in_kraft()
    {
        var into = new NodeChange(ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: [3000]);

        Assert.True(into.Apply(Unset).ZooKeeperMigrationEnabled);
        Assert.True(into.Apply(Unset with { ProcessRoles = NodeRoles.Controller }).ZooKeeperMigrationEnabled);
        var kraft = Unset with { ProcessRoles = NodeRoles.Broker, ControllerQuorumVoters = [3000] };
        Assert.True(into.Apply(kraft).SameAs(kraft));

        // Rolling a KRaft broker back to ZooKeeper mode (the migration's rollback) still sets it.
        Assert.True(new NodeChange(ToZooKeeperBroker: true, ZooKeeperMigrationEnabled: true).Apply(kraft).ZooKeeperMigrationEnabled);
    }
}
