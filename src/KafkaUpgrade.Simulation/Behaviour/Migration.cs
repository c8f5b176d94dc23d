using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Behaviour;

/// <summary>
/// Kafka 3.9's ZooKeeper to KRaft migration as the controllers drive it: controllers with
/// <c>zookeeper.metadata.migration.enable</c> form a quorum (PRE_MIGRATION); once every broker runs in migration
/// mode and registered, the KRaft controller takes /controller and copies the metadata (then MIGRATION, dual-write);
/// brokers roll to KRaft; a controller without the flag becoming active finalizes (POST_MIGRATION, the point of no
/// return). Rollback is the operator's: roll brokers back, deprovision the quorum, delete /controller.
/// </summary>
internal static class Migration
{
    public const string CompletedMessage = "Completed migration of metadata from Zookeeper to KRaft.";

    public static void Tick(SimCluster cluster)
    {
        var quorumLeader = cluster.Quorum is { LeaderId: >= 0 } q ? cluster.Node(q.LeaderId) : null;
        string? refusal = null;
        foreach (var broker in cluster.Brokers.Where(b => b.Config.IsZooKeeperBroker))
        {
            var why = broker.IsRunning && MigrationEnabled(cluster, broker) && quorumLeader is not null ? RegistrationRefusal(cluster, broker) : null;
            refusal ??= why;
            broker.RegisteredForMigration = broker.IsRunning && MigrationEnabled(cluster, broker) && quorumLeader is not null && why is null;
        }

        if (cluster.Migration == ZkMigrationState.PreMigration && cluster.MigrationCopyDoneAtMs is null && quorumLeader is not null)
        {
            cluster.MigrationMessage = refusal ?? ControllerQuorumNotReady(cluster) ?? cluster.MigrationMessage;
        }

        switch (cluster.Migration)
        {
            case ZkMigrationState.ZooKeeper when quorumLeader is not null && MigrationEnabled(cluster, quorumLeader):
                cluster.Migration = ZkMigrationState.PreMigration;
                cluster.MigrationMessage = "Controller quorum formed with migration enabled; waiting for every ZooKeeper broker to register in migration mode.";
                break;
            case ZkMigrationState.PreMigration when cluster.Quorum is null && !cluster.KRaftOwnsZooKeeperController:
                // Rolled back before the copy: deprovisioning the quorum is all it takes.
                cluster.Migration = ZkMigrationState.ZooKeeper;
                cluster.MetadataVersionLevel = null;
                cluster.MigrationMessage = "Controller quorum deprovisioned before the metadata copy: ZooKeeper mode as before.";
                break;
            case ZkMigrationState.PreMigration:
                AdvancePreMigration(cluster, quorumLeader);
                break;
            case ZkMigrationState.Migration when quorumLeader is { Config.ZooKeeperMigrationEnabled: false }:
                cluster.Migration = ZkMigrationState.PostMigration;
                cluster.KRaftOwnsZooKeeperController = false;
                cluster.ZooKeeperControllerId = null;
                Strand(cluster);
                cluster.MigrationMessage = "Completing the ZK migration since this controller was configured with 'zookeeper.metadata.migration.enable' set to 'false'.";
                break;
        }
    }

    public static MetadataMode Mode(SimCluster cluster)
    {
        if (cluster.IsKRaftCluster)
        {
            return MetadataMode.KRaft;
        }

        if (cluster.Quorum is null || !cluster.Controllers.Any())
        {
            return MetadataMode.ZooKeeper;
        }

        var brokers = cluster.Brokers.ToList();
        if (cluster.Migration == ZkMigrationState.Migration)
        {
            return brokers.All(b => !b.Config.IsZooKeeperBroker) ? MetadataMode.MigrationBrokersInKRaft : MetadataMode.MigrationDualWrite;
        }

        return brokers.Exists(b => b.Config.IsZooKeeperBroker && b.Config.ZooKeeperMigrationEnabled)
            ? MetadataMode.MigrationBrokersInMigrationMode
            : MetadataMode.MigrationQuorumProvisioned;
    }

    public static MigrationStatus Describe(SimCluster cluster)
    {
        var brokers = cluster.Brokers.ToList();
        return new MigrationStatus(
            cluster.Migration,
            brokers.Where(b => b.Config.IsZooKeeperBroker).Select(b => b.Id).ToList(),
            brokers.Where(b => b.RegisteredForMigration).Select(b => b.Id).ToList(),
            brokers.Where(b => !b.Config.IsZooKeeperBroker).Select(b => b.Id).ToList(),
            cluster.MigrationMessage);
    }

    /// <summary>Deletes /controller and /migration: a ZooKeeper broker becomes controller again.</summary>
    public static void ResetZooKeeperController(SimCluster cluster)
    {
        if (cluster.IsKRaftCluster)
        {
            throw new KafkaApiException(KafkaError.InvalidRequest,
                "The migration was finalized (ZkMigrationState POST_MIGRATION): ZooKeeper no longer holds the metadata and the cluster cannot revert to it");
        }

        if (cluster.Controllers.Any(c => c.IsServing))
        {
            throw new KafkaApiException(KafkaError.InvalidRequest,
                "KRaft controllers are still running: deprovision the controller quorum before deleting /controller, or it takes the role back");
        }

        cluster.KRaftOwnsZooKeeperController = false;
        cluster.Migration = ZkMigrationState.ZooKeeper;
        cluster.MigrationCopyDoneAtMs = null;
        cluster.MetadataVersionLevel = null;
        cluster.KraftVersion = 0;
        cluster.MigrationMessage = "Deleted /controller and /migration: ZooKeeper mode restored.";
        ZooKeeperController.Elect(cluster);
    }

    private static void AdvancePreMigration(SimCluster cluster, SimNode? quorumLeader)
    {
        if (cluster.MigrationCopyDoneAtMs is { } done)
        {
            if (cluster.NowMs >= done && quorumLeader is not null)
            {
                cluster.Migration = ZkMigrationState.Migration;
                cluster.MigrationMessage = CompletedMessage;
            }

            return;
        }

        var brokers = cluster.Brokers.ToList();
        if (quorumLeader is null || brokers.Count == 0 || !brokers.TrueForAll(b => b.RegisteredForMigration) || ControllerQuorumNotReady(cluster) is not null)
        {
            return;
        }

        // Every ZooKeeper broker registered as migrating: the KRaft controller claims /controller and copies metadata.
        cluster.KRaftOwnsZooKeeperController = true;
        cluster.ZooKeeperControllerId = null;
        var records = 100 + (2L * cluster.Partitions.Count) + cluster.Nodes.Count;
        cluster.MigrationCopyDoneAtMs = cluster.NowMs + (1000 * records / cluster.Options.MigrationCopyRecordsPerSecond) + 1000;
        cluster.MigrationMessage = "Starting ZooKeeper to KRaft metadata migration.";
    }

    /// <summary>
    /// <c>zookeeper.metadata.migration.enable</c> takes effect only on a release with migration code (KIP-866, 3.4+;
    /// the catalog's migration field): a 3.3 node does not know the setting and ignores it.
    /// </summary>
    private static bool MigrationEnabled(SimCluster cluster, SimNode node) =>
        node.Config.ZooKeeperMigrationEnabled && cluster.Catalog.Get(node.Config.Version).ZkMigration != Core.Versions.MigrationSupport.None;

    /// <summary>
    /// KRaftMigrationDriver waits in WAIT_FOR_CONTROLLER_QUORUM until every controller of the quorum is ready for
    /// the migration (<c>isControllerQuorumReadyForMigration</c>: each one registered, or answered ApiVersions, with
    /// the migration flag), not only the active one.
    /// </summary>
    private static string? ControllerQuorumNotReady(SimCluster cluster)
    {
        var notReady = cluster.Quorum!.Voters
            .Where(v => cluster.Node(v.NodeId) is not { IsRunning: true } node || !MigrationEnabled(cluster, node))
            .Select(v => v.NodeId)
            .ToList();
        return notReady.Count == 0
            ? null
            : $"Still waiting for all controller nodes ready to begin the migration. Not ready: [{string.Join(",", notReady)}] (zookeeper.metadata.migration.enable must be set on every controller)";
    }

    /// <summary>
    /// A migrating ZooKeeper broker registers with the KRaft controller supporting metadata.version exactly
    /// [IBP, IBP] (KafkaServer builds its registration features from the IBP); a finalized metadata.version outside
    /// that range is refused with UNSUPPORTED_VERSION (ClusterControlManager, BrokerRegistrationRequestTest), so the
    /// migration stays in PRE_MIGRATION.
    /// </summary>
    private static string? RegistrationRefusal(SimCluster cluster, SimNode broker)
    {
        var ibp = InterBrokerProtocolRules.Effective(cluster, broker);
        var level = ibp is null ? null : cluster.Catalog.FindMetadataVersion(ibp)?.Level;
        if (cluster.MetadataVersionLevel is { } finalized && level != finalized)
        {
            var name = cluster.Catalog.FindMetadataVersion(finalized)?.ToString() ?? finalized.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return $"{KafkaError.UnsupportedVersion}: Unable to register broker {broker.Id} because it does not support finalized version {name} of metadata.version. " +
                $"The broker wants a version between {ibp} and {ibp}, inclusive.";
        }

        return null;
    }

    /// <summary>
    /// Finalization leaves ZooKeeper brokers still running stranded: no controller sends them LeaderAndIsr or
    /// UpdateMetadata any more (the KRaft controller talks to ZooKeeper brokers only while the migration flag is on;
    /// Kafka does not block finalization for them, KAFKA-20960). They keep the leader epochs they knew.
    /// </summary>
    private static void Strand(SimCluster cluster)
    {
        foreach (var broker in cluster.Brokers.Where(b => b.IsProcessUp && b.Config.IsZooKeeperBroker))
        {
            broker.StrandedLeaderEpochs = cluster.AllPartitions.Where(p => p.Replicas.Contains(broker.Id)).ToDictionary(p => p.Id, p => p.LeaderEpoch);
        }
    }
}
