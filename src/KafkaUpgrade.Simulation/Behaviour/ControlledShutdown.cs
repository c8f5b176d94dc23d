using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Behaviour;

/// <summary>
/// What the controller does when a broker leaves: a controlled shutdown moves leadership of every partition it
/// leads to another live ISR member and removes it from every ISR; where no other ISR member exists the partition
/// goes offline (leader -1) and the ISR is left alone (KRaft's and ZooKeeper's shared behaviour). Fencing a crashed
/// broker after its session timeout does the same.
/// </summary>
internal static class ControlledShutdown
{
    public static void Begin(SimCluster cluster, SimNode node)
    {
        node.State = Core.Model.NodeState.ShuttingDown;
        Leave(cluster, node, byOperator: true);
        QuorumBehaviour.OnControllerStopping(cluster, node);
        ZooKeeperController.OnBrokerStopping(cluster, node);
    }

    public static void Fence(SimCluster cluster, SimNode node)
    {
        // A crashed ZooKeeper controller loses /controller with its session; the new controller then handles the failure.
        ZooKeeperController.OnBrokerStopping(cluster, node);
        Leave(cluster, node, byOperator: false);
    }

    private static void Leave(SimCluster cluster, SimNode node, bool byOperator)
    {
        if (!node.IsBroker || !cluster.HasActiveController)
        {
            return;
        }

        foreach (var partition in cluster.AllPartitions.Where(p => p.Isr.Contains(node.Id)))
        {
            var wasAtOrAboveMin = partition.Isr.Count >= partition.MinInsyncReplicas;
            var others = partition.Isr.Where(id => id != node.Id && cluster.Node(id) is { IsRunning: true }).ToList();
            if (others.Count == 0)
            {
                if (partition.Leader == node.Id)
                {
                    Leadership.SetLeader(cluster, partition, Core.Model.PartitionState.NoLeader);
                }

                continue;
            }

            partition.Isr.Remove(node.Id);
            if (partition.Leader == node.Id)
            {
                Leadership.ElectLeader(cluster, partition, excluding: node.Id);
            }

            if (byOperator && wasAtOrAboveMin && partition.Replicas.Count > partition.MinInsyncReplicas && partition.Isr.Count < partition.MinInsyncReplicas)
            {
                cluster.Statistics.MinIsrViolations++;
                cluster.Statistics.SafetyEvents.Add(
                    $"t={cluster.NowMs}ms: stopping node {node.Id} took {partition.Id} to ISR [{string.Join(",", partition.Isr)}] below min.insync.replicas {partition.MinInsyncReplicas}");
            }
        }
    }
}
