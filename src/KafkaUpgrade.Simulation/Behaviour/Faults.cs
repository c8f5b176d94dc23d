using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Behaviour;

/// <summary>
/// Faults injected on demand, each with what Kafka does about it. A crash and a failing start live in
/// <see cref="NodeLifecycle"/> and <see cref="StartupRules"/>; this class holds the ones that leave the process up
/// (network isolation, ZooKeeper session loss, controller failover) and the full disk.
/// </summary>
internal static class Faults
{
    /// <summary>
    /// The node is cut off: it stops fetching and serving at once, and the controller fences it one session timeout
    /// later (broker.session.timeout.ms in KRaft, zookeeper.session.timeout.ms in ZooKeeper mode). Until then its
    /// partitions cannot acknowledge acks=all writes, since no follower can fetch from it.
    /// </summary>
    public static void Isolate(SimCluster cluster, SimNode node, long? healAtMs = null)
    {
        if (!node.IsProcessUp || node.Isolated)
        {
            return;
        }

        node.Isolated = true;
        node.IsolatedUntilMs = healAtMs;
        node.CrashedAtMs = cluster.NowMs;
        QuorumBehaviour.OnControllerStopped(cluster, node);
    }

    /// <summary>The network is back: the node registers again (unfenced), catches up and rejoins the ISR.</summary>
    public static void Heal(SimCluster cluster, SimNode node)
    {
        if (!node.Isolated)
        {
            return;
        }

        node.Isolated = false;
        node.IsolatedUntilMs = null;
        node.CrashedAtMs = null;
        QuorumBehaviour.OnControllerStarted(cluster, node);
        ZooKeeperController.OnBrokerStarted(cluster, node);
    }

    /// <summary>
    /// ZooKeeper session loss of a ZooKeeper-mode broker: its ephemeral /brokers/ids znode (and /controller, if it held
    /// it) vanishes, so the controller treats it as failed at once; the broker opens a new session and registers
    /// again after <see cref="SimulationOptions.ZooKeeperReconnectTime"/>.
    /// </summary>
    public static void ExpireZooKeeperSession(SimCluster cluster, SimNode node)
    {
        if (!node.Config.IsZooKeeperBroker || cluster.IsKRaftCluster)
        {
            throw new InvalidOperationException($"node {node.Id} has no ZooKeeper session: it does not run in ZooKeeper mode");
        }

        if (!node.IsServing)
        {
            return;
        }

        Isolate(cluster, node, cluster.NowMs + (long)cluster.Options.ZooKeeperReconnectTime.TotalMilliseconds);
        node.CrashedAtMs = null;
        ControlledShutdown.Fence(cluster, node);
    }

    /// <summary>
    /// The log directory fills up: Kafka marks it offline and, with no log directory left, halts the broker
    /// ("Shutdown broker because all log dirs ... have failed"). It cannot start again until space is freed.
    /// </summary>
    public static void FillDisk(SimCluster cluster, SimNode node)
    {
        node.DiskFull = true;
        if (!node.IsProcessUp)
        {
            return;
        }

        NodeLifecycle.Crash(cluster, node);
        node.State = NodeState.Failed;
        node.FailureReason = "Shutdown broker because all log dirs have failed (No space left on device)";
    }

    /// <summary>Space is freed; the node can be started again.</summary>
    public static void FreeDisk(SimNode node) => node.DiskFull = false;

    /// <summary>
    /// The active controller loses its role while its process stays up: the KRaft leader resigns and another voter is
    /// elected after the election timeout; in ZooKeeper mode the /controller znode goes to another broker.
    /// </summary>
    /// <returns>False when there is no active controller to fail over.</returns>
    public static bool FailOverController(SimCluster cluster)
    {
        if (cluster.KRaftOwnsZooKeeperController || cluster.IsKRaftCluster)
        {
            if (cluster.Quorum is not { LeaderId: >= 0 } quorum)
            {
                return false;
            }

            quorum.ResignedLeaderId = quorum.LeaderId;
            quorum.LeaderId = -1;
            quorum.LeaderLostAtMs = cluster.NowMs;
            return true;
        }

        if (cluster.ZooKeeperControllerId is not { } current)
        {
            return false;
        }

        ZooKeeperController.Elect(cluster, excluding: current);
        return true;
    }

    /// <summary>Ends isolations that heal by themselves.</summary>
    public static void Tick(SimCluster cluster)
    {
        foreach (var node in cluster.Nodes.Values.Where(n => n.IsolatedUntilMs is { } until && until <= cluster.NowMs).ToList())
        {
            Heal(cluster, node);
        }
    }
}
