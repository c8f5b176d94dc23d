using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Workflows.Contracts;

/// <summary>
/// What a rolling restart changes on each node; null fields stay as they are. Applied by the workflow to each
/// node's current configuration to get the configuration it restarts with.
/// </summary>
/// <param name="Version">New software version.</param>
/// <param name="InterBrokerProtocolVersion">New <c>inter.broker.protocol.version</c> (ZooKeeper brokers).</param>
/// <param name="ZooKeeperMigrationEnabled">Set or clear <c>zookeeper.metadata.migration.enable</c>.</param>
/// <param name="ToKRaftBroker">Turn a ZooKeeper broker into a KRaft broker (<c>process.roles=broker</c>, no ZooKeeper settings).</param>
/// <param name="ToZooKeeperBroker">Turn a KRaft broker back into a ZooKeeper broker (migration rollback).</param>
/// <param name="ControllerQuorumVoters">Set <c>controller.quorum.voters</c>.</param>
/// <param name="ControllerBootstrapIds">KRaft nodes: name these controllers in <c>controller.quorum.bootstrap.servers</c> (after a controller replacement).</param>
/// <param name="PinInterBrokerProtocolIfUnset">ZooKeeper brokers whose configuration leaves <c>inter.broker.protocol.version</c> unset get this one (the protocol in force), so new binaries do not raise it mid-roll.</param>
public sealed record NodeChange(
    string? Version = null,
    string? InterBrokerProtocolVersion = null,
    bool? ZooKeeperMigrationEnabled = null,
    bool ToKRaftBroker = false,
    bool ToZooKeeperBroker = false,
    IReadOnlyList<int>? ControllerQuorumVoters = null,
    string? PinInterBrokerProtocolIfUnset = null,
    IReadOnlyList<int>? ControllerBootstrapIds = null)
{
    /// <summary>The configuration <paramref name="current"/> restarts with.</summary>
    public NodeConfig Apply(NodeConfig current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var next = current;
        if (Version is not null)
        {
            next = next with { Version = KafkaVersion.Parse(Version) };
        }

        if (InterBrokerProtocolVersion is not null && next.IsZooKeeperBroker)
        {
            next = next with { InterBrokerProtocolVersion = InterBrokerProtocolVersion };
        }

        if (PinInterBrokerProtocolIfUnset is not null && next.IsZooKeeperBroker && next.InterBrokerProtocolVersion is null)
        {
            next = next with { InterBrokerProtocolVersion = PinInterBrokerProtocolIfUnset };
        }

        if (ZooKeeperMigrationEnabled is { } migration)
        {
            next = next with { ZooKeeperMigrationEnabled = migration };
        }

        if (ControllerQuorumVoters is not null)
        {
            next = next with { ControllerQuorumVoters = ControllerQuorumVoters };
        }

        if (ControllerBootstrapIds is not null && !next.IsZooKeeperBroker)
        {
            next = next with { ControllerBootstrapIds = ControllerBootstrapIds };
        }

        if (ToKRaftBroker && next.IsZooKeeperBroker)
        {
            next = next with { ProcessRoles = NodeRoles.Broker, InterBrokerProtocolVersion = null, ZooKeeperMigrationEnabled = false };
        }

        if (ToZooKeeperBroker && !next.IsZooKeeperBroker)
        {
            next = next with { ProcessRoles = null };
        }

        // zookeeper.metadata.migration.enable belongs on ZooKeeper-mode brokers and on controllers only: Kafka's
        // migration guide removes it from a broker moved to process.roles=broker, so a roll into migration mode that
        // meets a broker already in KRaft (a rerun after a migration left part done) leaves it as it is.
        if (next.ZooKeeperMigrationEnabled && !next.IsZooKeeperBroker && next.Roles == NodeRoles.Broker && !current.ZooKeeperMigrationEnabled)
        {
            next = next with { ZooKeeperMigrationEnabled = false };
        }

        return next;
    }

    /// <summary>One line for progress and logs.</summary>
    public string Describe() => string.Join(", ", new[]
    {
        Version is null ? null : $"version {Version}",
        InterBrokerProtocolVersion is null ? null : $"inter.broker.protocol.version={InterBrokerProtocolVersion}",
        ZooKeeperMigrationEnabled is null ? null : $"zookeeper.metadata.migration.enable={ZooKeeperMigrationEnabled.Value.ToString().ToLowerInvariant()}",
        ToKRaftBroker ? "process.roles=broker (KRaft)" : null,
        ToZooKeeperBroker ? "back to ZooKeeper mode" : null,
        ControllerBootstrapIds is null ? null : $"controller.quorum.bootstrap.servers=controllers {string.Join(",", ControllerBootstrapIds)}",
    }.Where(s => s is not null));
}
