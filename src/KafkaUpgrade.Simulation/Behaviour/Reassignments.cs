using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Behaviour;

/// <summary>
/// KIP-455 partition reassignment as Kafka runs it: replicas = target ++ (current − target), adding and removing
/// sets; done when the ISR holds every target replica, then the old replicas leave and leadership moves to the first
/// target replica in the ISR if the leader is leaving. A cancel reverts to the replicas minus the adding ones.
/// </summary>
internal static class Reassignments
{
    public static KafkaApiException? Alter(SimCluster cluster, TopicPartition id, IReadOnlyList<int>? target)
    {
        if (!cluster.Partitions.TryGetValue(id, out var partition))
        {
            return new KafkaApiException(KafkaError.UnknownTopicOrPartition, $"The partition {id} does not exist");
        }

        return target is null ? Cancel(cluster, partition) : Start(cluster, partition, target);
    }

    public static void Tick(SimCluster cluster)
    {
        foreach (var partition in cluster.AllPartitions.Where(p => p.IsReassigning))
        {
            if (cluster.HasActiveController && CanComplete(partition))
            {
                Complete(cluster, partition, partition.Target!);
            }
        }
    }

    private static KafkaApiException? Start(SimCluster cluster, SimPartition partition, IReadOnlyList<int> target)
    {
        if (target.Count == 0)
        {
            return new KafkaApiException(KafkaError.InvalidReplicaAssignment, $"Empty replica list for {partition.Id}");
        }

        if (target.Distinct().Count() != target.Count)
        {
            return new KafkaApiException(KafkaError.InvalidReplicaAssignment, $"Duplicate brokers in the replica list [{string.Join(",", target)}] for {partition.Id}");
        }

        var unassignable = target.Where(id => !IsAssignable(cluster, cluster.Node(id))).ToList();
        if (unassignable.Count > 0)
        {
            return new KafkaApiException(KafkaError.InvalidReplicaAssignment,
                cluster.Quorum is not null && cluster.HasActiveController && (cluster.IsKRaftCluster || cluster.KRaftOwnsZooKeeperController)
                    ? $"The manual partition assignment includes broker {unassignable[0]}, but no such broker is registered."
                    : $"Replica assignment has brokers that are not alive. Replica list: [{string.Join(",", target)}], live broker list: [{string.Join(",", cluster.Brokers.Where(b => b.IsRunning).Select(b => b.Id))}]");
        }

        if (partition.Target is { } current && current.SequenceEqual(target))
        {
            return null;
        }

        if (!partition.IsReassigning && partition.Replicas.SequenceEqual(target))
        {
            return null;
        }

        var replicas = partition.Replicas;
        partition.OriginalReplicas ??= [.. replicas];
        partition.Target = [.. target];
        partition.Adding = target.Except(replicas).ToList();
        partition.Removing = replicas.Except(target).ToList();
        partition.Replicas = [.. target, .. replicas.Except(target)];
        foreach (var adding in partition.Adding)
        {
            partition.Leo.TryAdd(adding, 0);
        }

        // A move that only removes or reorders replicas completes in the same change only if the target is
        // already in sync; otherwise it stays listed until it is (never with an empty ISR).
        if (partition.Adding.Count == 0 && CanComplete(partition))
        {
            Complete(cluster, partition, partition.Target);
        }

        return null;
    }

    /// <summary>
    /// Kafka's completion test, the same for every move (KRaft <c>PartitionReassignmentReplicas.maybeCompleteReassignment</c>:
    /// the ISR without the removing replicas must be non-empty and hold every target replica; ZooKeeper
    /// <c>KafkaController.isReassignmentComplete</c>: target ⊆ ISR).
    /// </summary>
    private static bool CanComplete(SimPartition partition)
    {
        var isrAfter = partition.Isr.Except(partition.Removing).ToList();
        return isrAfter.Count > 0 && partition.Target!.TrueForAll(isrAfter.Contains);
    }

    private static KafkaApiException? Cancel(SimCluster cluster, SimPartition partition)
    {
        if (!partition.IsReassigning)
        {
            return new KafkaApiException(KafkaError.NoReassignmentInProgress, $"No ongoing reassignment for partition {partition.Id}");
        }

        var isrAfter = partition.Isr.Except(partition.Adding).ToList();
        if (isrAfter.Count == 0)
        {
            return new KafkaApiException(KafkaError.InvalidReplicaAssignment,
                $"Unable to revert partition assignment for {partition.Id} because it would require an unclean leader election");
        }

        foreach (var adding in partition.Adding)
        {
            partition.Leo.Remove(adding);
        }

        // ZooKeeper mode restores the original assignment; KRaft keeps the current order minus the adding replicas.
        partition.Replicas = cluster.IsKRaftCluster || partition.OriginalReplicas is null
            ? partition.Replicas.Except(partition.Adding).ToList()
            : partition.OriginalReplicas.Where(id => partition.Replicas.Contains(id)).ToList();
        partition.Isr = isrAfter;
        EndReassignment(partition);
        if (!partition.Isr.Contains(partition.Leader))
        {
            Leadership.ElectLeader(cluster, partition);
        }

        return null;
    }

    private static void Complete(SimCluster cluster, SimPartition partition, List<int> target)
    {
        var removing = partition.Replicas.Except(target).ToList();
        partition.Replicas = [.. target];
        partition.Isr = partition.Isr.Where(target.Contains).ToList();
        foreach (var removed in removing)
        {
            partition.Leo.Remove(removed);
            partition.LastCaughtUpMs.Remove(removed);
        }

        EndReassignment(partition);
        cluster.Statistics.ReassignmentsCompleted++;
        if (!target.Contains(partition.Leader) || cluster.Node(partition.Leader) is not { IsRunning: true })
        {
            var next = target.FirstOrDefault(id => partition.Isr.Contains(id) && cluster.Node(id) is { IsRunning: true }, PartitionState.NoLeader);
            Leadership.SetLeader(cluster, partition, next);
        }
        else
        {
            partition.LeaderEpoch++;
        }
    }

    /// <summary>
    /// ZooKeeper mode only assigns to live brokers; a KRaft controller accepts any registered broker, fenced ones
    /// included (a ZooKeeper broker registers with it while migrating). A decommissioned machine whose registration
    /// was never removed is still registered: Kafka accepts it, and the reassignment then waits for it forever.
    /// </summary>
    private static bool IsAssignable(SimCluster cluster, SimNode? node)
    {
        if (node is not { IsBroker: true })
        {
            return false;
        }

        return cluster.IsKRaftCluster || cluster.KRaftOwnsZooKeeperController
            ? node.KRaftRegistered || (node.RegisteredForMigration && !node.IsGone)
            : node.IsRunning;
    }

    private static void EndReassignment(SimPartition partition)
    {
        partition.Target = null;
        partition.OriginalReplicas = null;
        partition.Adding = [];
        partition.Removing = [];
    }
}
