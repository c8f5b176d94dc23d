using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Behaviour;

/// <summary>
/// Why Kafka would refuse to start this node here, in Kafka's words, or null. Registration refusals (KRaft) are
/// retried until the registration timeout, configuration errors fail at once.
/// </summary>
internal static class StartupRules
{
    public static (string Reason, bool RetriesRegistration)? Refusal(SimCluster cluster, SimNode node)
    {
        if (node.FailNextStart is { } injected)
        {
            node.FailNextStart = null;
            return (injected, false);
        }

        if (node.DiskFull)
        {
            return ("No space left on device: every log directory has failed, so the broker shuts down again during log recovery", false);
        }

        var release = cluster.Catalog.Get(node.Config.Version);
        var config = node.Config;
        if (config.IsZooKeeperBroker)
        {
            if (!release.SupportsZooKeeper)
            {
                return ($"Kafka {config.Version} has no ZooKeeper mode: process.roles is required (ZooKeeper was removed in 4.0)", false);
            }

            if (cluster.IsKRaftCluster)
            {
                return ("this cluster's metadata is in KRaft and ZooKeeper is no longer written (the migration was finalized): a ZooKeeper-mode broker cannot join", false);
            }

            if (config.InterBrokerProtocolVersion is { } ibp && !IbpSupported(release.LatestInterBrokerProtocol, ibp))
            {
                return ($"inter.broker.protocol.version {ibp} is not valid for Kafka {config.Version} (its latest is {release.LatestInterBrokerProtocol})", false);
            }

            // KafkaConfig: "Cannot enable ZooKeeper migration without setting 'inter.broker.protocol.version' to 3.4 or higher".
            if (config.ZooKeeperMigrationEnabled && release.ZkMigration != Core.Versions.MigrationSupport.None &&
                InterBrokerProtocolRules.Effective(cluster, node) is { } spoken && InterBrokerProtocolRules.Compare(spoken, "3.4-IV0") < 0)
            {
                return ("Cannot enable ZooKeeper migration without setting 'inter.broker.protocol.version' to 3.4 or higher", false);
            }

            return null;
        }

        var formsQuorum = node.IsController && config.ControllerQuorumVoters is { } voters && voters.Contains(node.Id);
        if (cluster.Quorum is null && !formsQuorum)
        {
            return ("Shutting down because we were unable to register with the controller quorum (no KRaft controller quorum exists)", true);
        }

        // Kafka nodes find the active controller through controller.quorum.bootstrap.servers (or the static
        // controller.quorum.voters); Kafka 3.9 ops, "Controller Servers", and KIP-853. A broker whose list names no
        // controller that runs cannot register: it retries until initial.broker.registration.timeout.ms and exits.
        // A node using the layout's bootstrap name (no list) reaches whatever controllers stand behind it.
        if (node.IsBroker && !node.IsController && (config.ControllerBootstrapIds ?? config.ControllerQuorumVoters) is { Count: > 0 } named &&
            !named.Any(id => cluster.Node(id) is { IsController: true, IsRunning: true }))
        {
            return ($"Shutting down because we were unable to register with the controller quorum: none of the controllers its configuration names ({string.Join(",", named)}) answers", true);
        }

        if (node.IsBroker && !node.IsController && cluster.Migration == ZkMigrationState.PreMigration)
        {
            return ($"{KafkaError.BrokerIdNotRegistered}: Controller is in pre-migration mode and cannot register KRaft brokers until the metadata migration is complete", true);
        }

        return RegistrationRefusal(cluster, node) is { } refused ? (refused, true) : null;
    }

    /// <summary>ClusterControlManager.registerBroker's feature check: UNSUPPORTED_VERSION when a finalized level is outside the node's range.</summary>
    public static string? RegistrationRefusal(SimCluster cluster, SimNode node)
    {
        var release = cluster.Catalog.Get(node.Config.Version);
        if (cluster.MetadataVersionLevel is { } level && !release.SupportsMetadataLevel(level))
        {
            var name = cluster.Catalog.FindMetadataVersion(level)?.ToString() ?? level.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return $"{KafkaError.UnsupportedVersion}: Unable to register because the broker does not support finalized version {name} of metadata.version. " +
                $"The broker wants a version between {release.MinSupportedMetadataLevel} and {release.LatestProductionMetadataLevel}, inclusive.";
        }

        return null;
    }

    private static bool IbpSupported(string? latest, string requested) =>
        latest is not null && InterBrokerProtocolRules.Compare(requested, latest) <= 0;
}
