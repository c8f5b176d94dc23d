using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Behaviour;

/// <summary>
/// Kafka's leader choices: a new leader is the first replica, in replica order, that is in the ISR and alive (and
/// not shutting down); with none, the partition goes offline (leader -1) and the ISR is left as it was (no unclean
/// election: <c>unclean.leader.election.enable</c> defaults to false). Every leader change bumps the epoch.
/// </summary>
internal static class Leadership
{
    public static void ElectLeader(SimCluster cluster, SimPartition partition, int? excluding = null)
    {
        if (!cluster.HasActiveController)
        {
            // No controller: nobody can elect; the partition keeps whatever leader it had.
            return;
        }

        var candidates = partition.Replicas
            .Where(id => id != excluding && partition.Isr.Contains(id) && cluster.Node(id) is { IsRunning: true })
            .ToList();
        var newLeader = candidates.Count > 0 ? candidates[0] : PartitionState.NoLeader;
        SetLeader(cluster, partition, newLeader);
    }

    public static void SetLeader(SimCluster cluster, SimPartition partition, int newLeader)
    {
        if (partition.Leader == newLeader)
        {
            return;
        }

        if (newLeader >= 0)
        {
            // Followers whose log is ahead of the new leader truncate to it (only never-acknowledged data can be there).
            var leaderLeo = partition.Leo.GetValueOrDefault(newLeader);
            foreach (var replica in partition.Leo.Keys.ToList())
            {
                if (partition.Leo[replica] > leaderLeo)
                {
                    partition.Leo[replica] = leaderLeo;
                }
            }

            cluster.Ledger.OnTruncation(partition, leaderLeo);
        }

        partition.Leader = newLeader;
        partition.LeaderEpoch++;
    }

    /// <summary>Preferred election: replicas[0] if it is in the ISR and alive. Returns false when not possible.</summary>
    public static bool ElectPreferred(SimCluster cluster, SimPartition partition)
    {
        var preferred = partition.Replicas[0];
        if (!partition.Isr.Contains(preferred) || cluster.Node(preferred) is not { IsRunning: true } || !cluster.HasActiveController)
        {
            return false;
        }

        SetLeader(cluster, partition, preferred);
        return true;
    }

    /// <summary>Partitions without a leader get one as soon as an ISR member is alive again.</summary>
    public static void HealOffline(SimCluster cluster)
    {
        foreach (var partition in cluster.AllPartitions.Where(p => p.Leader < 0))
        {
            ElectLeader(cluster, partition);
        }
    }

    /// <summary>
    /// Automatic preferred leader election every <c>leader.imbalance.check.interval.seconds</c>. KRaft moves every
    /// imbalanced partition; ZooKeeper mode only brokers above <c>leader.imbalance.per.broker.percentage</c> (10%).
    /// </summary>
    public static void AutoRebalance(SimCluster cluster)
    {
        if (!cluster.Options.AutoLeaderRebalance || cluster.NowMs < cluster.NextAutoRebalanceMs)
        {
            return;
        }

        cluster.NextAutoRebalanceMs = cluster.NowMs + (long)cluster.Options.LeaderImbalanceCheckInterval.TotalMilliseconds;
        var imbalanced = cluster.AllPartitions.Where(p => p.Replicas.Count > 0 && p.Leader != p.Replicas[0]).ToList();
        if (!cluster.IsKRaftCluster && !cluster.KRaftOwnsZooKeeperController)
        {
            var preferredCount = cluster.AllPartitions.Where(p => p.Replicas.Count > 0).GroupBy(p => p.Replicas[0]).ToDictionary(g => g.Key, g => g.Count());
            var overThreshold = imbalanced.GroupBy(p => p.Replicas[0])
                .Where(g => (double)g.Count() / preferredCount[g.Key] > 0.10)
                .Select(g => g.Key)
                .ToHashSet();
            imbalanced = imbalanced.Where(p => overThreshold.Contains(p.Replicas[0])).ToList();
        }

        foreach (var partition in imbalanced)
        {
            ElectPreferred(cluster, partition);
        }
    }

    public static long SessionTimeoutMs(SimCluster cluster) => (long)(cluster.IsKRaftCluster
        ? cluster.Options.KRaftSessionTimeout
        : cluster.Options.ZooKeeperSessionTimeout).TotalMilliseconds;
}
