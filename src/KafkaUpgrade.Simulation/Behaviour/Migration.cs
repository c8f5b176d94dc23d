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
        foreach (var broker in cluster.Brokers.Where(b => b.Config.IsZooKeeperBroker))
        {
            broker.RegisteredForMigration = broker.IsRunning && broker.Config.ZooKeeperMigrationEnabled && quorumLeader is not null;
        }

        switch (cluster.Migration)
        {
            case ZkMigrationState.ZooKeeper when quorumLeader is { Config.ZooKeeperMigrationEnabled: true }:
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
        if (quorumLeader is null || brokers.Count == 0 || !brokers.TrueForAll(b => b.RegisteredForMigration))
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
}
