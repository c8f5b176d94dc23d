using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Behaviour;

/// <summary>
/// ZooKeeper mode's controller: one broker holds the /controller znode; when it goes, another live ZooKeeper broker
/// takes it. During a migration the KRaft controller holds the znode until an operator deletes it while rolling back.
/// </summary>
internal static class ZooKeeperController
{
    public static void OnBrokerStarted(SimCluster cluster, SimNode node)
    {
        if (node.Config.IsZooKeeperBroker && cluster.ZooKeeperControllerId is null && !cluster.KRaftOwnsZooKeeperController && !cluster.IsKRaftCluster)
        {
            cluster.ZooKeeperControllerId = node.Id;
        }
    }

    public static void OnBrokerStopping(SimCluster cluster, SimNode node)
    {
        if (cluster.ZooKeeperControllerId == node.Id)
        {
            Elect(cluster, excluding: node.Id);
        }
    }

    public static void OnBrokerGone(SimCluster cluster, SimNode node) => OnBrokerStopping(cluster, node);

    /// <summary>
    /// Every live ZooKeeper broker races to create the ephemeral /controller znode (KafkaController.elect); whichever
    /// ZooKeeper serves first wins, which the seeded random source decides.
    /// </summary>
    public static void Elect(SimCluster cluster, int? excluding = null)
    {
        if (cluster.KRaftOwnsZooKeeperController || cluster.IsKRaftCluster)
        {
            cluster.ZooKeeperControllerId = null;
            return;
        }

        var racing = cluster.Brokers.Where(n => n.Id != excluding && n.IsRunning && n.Config.IsZooKeeperBroker).Select(n => n.Id).ToList();
        cluster.ZooKeeperControllerId = racing.Count == 0 ? null : racing[cluster.Random.Next(racing.Count)];
    }
}
