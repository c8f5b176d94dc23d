using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Behaviour;

/// <summary>
/// Followers fetching from leaders. A follower's rate is bounded by its node's and the leader's bandwidth (shared
/// by every fetch on that node) and, for throttled replicas, by the replication throttle on the brokers involved.
/// A follower that reaches the high watermark joins the ISR; one that has not caught up for
/// <c>replica.lag.time.max.ms</c> is dropped (checked continuously here, every lag/2 in Kafka). A follower whose
/// fetches the leader cannot serve (<see cref="FetchRules"/>) never catches up, so it leaves the ISR the same way.
/// </summary>
internal static class Replication
{
    private readonly record struct Fetch(SimPartition Partition, int Follower, int Leader, double Lag, bool LeaderThrottled, bool FollowerThrottled);

    public static void Tick(SimCluster cluster, long dtMs)
    {
        var fetches = CollectFetches(cluster);
        var seconds = dtMs / 1000.0;
        var inbound = Count(fetches, f => f.Follower, _ => true);
        var outbound = Count(fetches, f => f.Leader, _ => true);
        // The throttled rates are per broker (ReplicationQuotaManager): one budget shared by the throttled fetches
        // that broker serves as leader, another by those it makes as follower.
        var throttledOut = Count(fetches, f => f.Leader, f => f.LeaderThrottled);
        var throttledIn = Count(fetches, f => f.Follower, f => f.FollowerThrottled);

        foreach (var fetch in fetches)
        {
            var follower = cluster.Node(fetch.Follower)!;
            var leader = cluster.Node(fetch.Leader)!;
            var share = Math.Min(
                Bandwidth(cluster, follower) * seconds / inbound[fetch.Follower],
                Bandwidth(cluster, leader) * seconds / outbound[fetch.Leader]);
            if (fetch.LeaderThrottled)
            {
                share = Math.Min(share, cluster.Throttles.RateOn(fetch.Leader)!.Value * seconds / throttledOut[fetch.Leader]);
            }

            if (fetch.FollowerThrottled)
            {
                share = Math.Min(share, cluster.Throttles.RateOn(fetch.Follower)!.Value * seconds / throttledIn[fetch.Follower]);
            }

            var copied = Math.Min(fetch.Lag, share);
            fetch.Partition.Leo[fetch.Follower] += copied;
            if (fetch.Partition.Adding.Contains(fetch.Follower))
            {
                cluster.Statistics.BytesReplicatedToNewReplicas += copied;
            }
        }

        UpdateIsr(cluster);
    }

    private static List<Fetch> CollectFetches(SimCluster cluster)
    {
        var fetches = new List<Fetch>();
        foreach (var partition in cluster.AllPartitions)
        {
            if (partition.Leader < 0 || cluster.Node(partition.Leader) is not { IsServing: true })
            {
                continue;
            }

            var leaderLeo = partition.LeaderLeo;
            foreach (var replica in partition.Replicas)
            {
                if (replica == partition.Leader || cluster.Node(replica) is not { IsRunning: true, IsBroker: true } follower || !FetchRules.CanFetch(cluster, partition, follower))
                {
                    continue;
                }

                if (!partition.Leo.TryGetValue(replica, out var followerLeo))
                {
                    followerLeo = 0;
                    partition.Leo[replica] = 0;
                }

                var lag = leaderLeo - followerLeo;
                if (lag <= 0)
                {
                    partition.LastCaughtUpMs[replica] = cluster.NowMs;
                    continue;
                }

                // Only replicas out of the ISR are throttled, on either side: ReplicaManager.shouldLeaderThrottle and
                // ReplicaFetcherThread.shouldFollowerThrottle both skip a replica in sync, so a throttle never slows an
                // in-sync follower (and a leftover throttle slows any replica that later falls out of sync).
                var outOfSync = !partition.Isr.Contains(replica);
                fetches.Add(new Fetch(partition, replica, partition.Leader, lag,
                    outOfSync && IsThrottled(cluster, partition, partition.Leader),
                    outOfSync && IsThrottled(cluster, partition, replica)));
            }
        }

        return fetches;
    }

    private static void UpdateIsr(SimCluster cluster)
    {
        var lagMax = (long)cluster.Options.ReplicaLagTimeMax.TotalMilliseconds;
        if (!cluster.HasActiveController)
        {
            // Without a controller no AlterPartition can commit: every ISR stays as it is.
            return;
        }

        foreach (var partition in cluster.AllPartitions)
        {
            if (partition.Leader < 0 || cluster.Node(partition.Leader) is not { IsServing: true })
            {
                continue;
            }

            var leaderLeo = partition.LeaderLeo;
            foreach (var replica in partition.Replicas)
            {
                if (replica != partition.Leader && partition.Leo.TryGetValue(replica, out var leo) && leo >= leaderLeo && FetchRules.CanFetch(cluster, partition, replica))
                {
                    partition.LastCaughtUpMs[replica] = cluster.NowMs;
                }
            }

            var hw = partition.HighWatermark;
            foreach (var replica in partition.Replicas)
            {
                // KIP-841: a KRaft controller adds only a registered, unfenced broker to the ISR.
                var alive = cluster.Node(replica) is { IsRunning: true } node && (node.Config.IsZooKeeperBroker || node.KRaftRegistered);
                var inIsr = partition.Isr.Contains(replica);
                if (!inIsr && alive && partition.Leo.TryGetValue(replica, out var leo) && leo >= hw && leo >= leaderLeo && FetchRules.CanFetch(cluster, partition, replica))
                {
                    partition.Isr.Add(replica);
                }
                else if (inIsr && replica != partition.Leader && cluster.NowMs - partition.LastCaughtUpMs.GetValueOrDefault(replica) > lagMax)
                {
                    partition.Isr.Remove(replica);
                }
            }
        }
    }

    /// <summary>A broker throttles a replica its topic's list names on it, when the broker has a throttled rate.</summary>
    private static bool IsThrottled(SimCluster cluster, SimPartition partition, int broker) =>
        cluster.Throttles.RateOn(broker) is not null && cluster.Throttles.Lists(partition.Id, broker);

    private static double Bandwidth(SimCluster cluster, SimNode node) => cluster.Options.NodeBandwidthBytesPerSecond * node.BandwidthFactor;

    private static Dictionary<int, int> Count(List<Fetch> fetches, Func<Fetch, int> key, Func<Fetch, bool> filter)
    {
        var counts = new Dictionary<int, int>();
        foreach (var fetch in fetches.Where(filter))
        {
            counts[key(fetch)] = counts.GetValueOrDefault(key(fetch)) + 1;
        }

        return counts;
    }
}
