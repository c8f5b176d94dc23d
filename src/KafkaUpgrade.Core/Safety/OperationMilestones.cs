using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Core.Safety;

/// <summary>
/// Conditions an operation waits for before its next step, each as the reason to keep waiting (null once met):
/// one rule, used by the workflow's own checks and by the waiting activity alike.
/// </summary>
public static class OperationMilestones
{
    /// <summary>Why finalizing a ZooKeeper-to-KRaft migration now would be premature: the controllers must report MIGRATION and no live broker may be left in ZooKeeper mode.</summary>
    public static string? NotReadyToFinalize(MigrationStatus status, IEnumerable<ClusterNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(nodes);
        var live = nodes.Where(n => n.IsBroker && n.State != NodeState.Decommissioned).Select(n => n.Id).ToHashSet();
        var zk = status.ZooKeeperBrokers.Where(live.Contains).ToList();
        var migrating = status.MigratingZooKeeperBrokers.Where(zk.Contains).ToList();
        if (status.State != ZkMigrationState.Migration)
        {
            return $"the controllers report ZkMigrationState {status.State}, not MIGRATION (dual-write)";
        }

        if (zk.Count > 0)
        {
            return $"brokers {string.Join(",", zk)} still run in ZooKeeper mode{(migrating.Count > 0 ? $" ({string.Join(",", migrating)} registered for migration)" : string.Empty)}";
        }

        return null;
    }

    /// <summary>Why the cluster is not yet as an upgrade planned it: a live node on another version line than <paramref name="target"/>, or another metadata mode than <paramref name="planned"/>.</summary>
    public static string? NotAsPlanned(IEnumerable<ClusterNode> nodes, MetadataMode mode, KafkaVersion target, MetadataMode planned)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var behind = nodes.Where(n => n.State != NodeState.Decommissioned && n.Version.Line != target.Line).Select(n => $"node {n.Id} on {n.Version}").ToList();
        if (behind.Count > 0)
        {
            return $"not every node runs {target}: {string.Join(", ", behind)}";
        }

        return mode != planned ? $"metadata mode is {mode}, planned {planned}" : null;
    }
}
