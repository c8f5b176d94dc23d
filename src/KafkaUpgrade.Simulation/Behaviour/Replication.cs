using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Behaviour;

/// <summary>
/// Followers fetching from leaders. A follower's rate is bounded by its node's and the leader's bandwidth (shared
/// by every fetch on that node) and, for throttled replicas, by the replication throttle on the brokers involved.
/// A follower that reaches the high watermark joins the ISR; one that has not caught up for
/// <c>replica.lag.time.max.ms</c> is dropped (checked continuously here, every lag/2 in Kafka).
/// </summary>
internal static class Replication
{
    private readonly record struct Fetch(SimPartition Partition, int Follower, int Leader, double Lag, bool Throttled);

    public static void Tick(SimCluster cluster, long dtMs)
    {
        var fetches = CollectFetches(cluster);
        var seconds = dtMs / 1000.0;
        var inbound = Count(fetches, f => f.Follower, _ => true);
        var outbound = Count(fetches, f => f.Leader, _ => true);
        var throttledIn = Count(fetches, f => f.Follower, f => f.Throttled);
        var throttledOut = Count(fetches, f => f.Leader, f => f.Throttled);
        var throttle = cluster.Throttle?.BytesPerSecond ?? long.MaxValue;

        foreach (var fetch in fetches)
        {
            var follower = cluster.Node(fetch.Follower)!;
            var leader = cluster.Node(fetch.Leader)!;
            var share = Math.Min(
                Bandwidth(cluster, follower) * seconds / inbound[fetch.Follower],
                Bandwidth(cluster, leader) * seconds / outbound[fetch.Leader]);
            if (fetch.Throttled)
            {
                share = Math.Min(share, Math.Min(throttle * seconds / throttledIn[fetch.Follower], throttle * seconds / throttledOut[fetch.Leader]));
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
                if (replica == partition.Leader || cluster.Node(replica) is not { IsRunning: true, IsBroker: true })
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

                fetches.Add(new Fetch(partition, replica, partition.Leader, lag, IsThrottled(cluster, partition, replica)));
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
                if (replica != partition.Leader && partition.Leo.TryGetValue(replica, out var leo) && leo >= leaderLeo)
                {
                    partition.LastCaughtUpMs[replica] = cluster.NowMs;
                }
            }

            var hw = partition.HighWatermark;
            foreach (var replica in partition.Replicas)
            {
                var alive = cluster.Node(replica) is { IsRunning: true };
                var inIsr = partition.Isr.Contains(replica);
                if (!inIsr && alive && partition.Leo.TryGetValue(replica, out var leo) && leo >= hw && leo >= leaderLeo)
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

    /// <summary>Kafka throttles replicas listed in the throttled-replicas configs, on brokers with a throttled rate.</summary>
    private static bool IsThrottled(SimCluster cluster, SimPartition partition, int follower) =>
        cluster.Throttle is { } throttle &&
        throttle.Replicas.Contains(partition.Id) &&
        (throttle.Brokers.Contains(follower) || throttle.Brokers.Contains(partition.Leader));

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
