using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Traffic;

/// <summary>
/// Every write the traffic generator had acknowledged (acks=all), per partition as the highest acknowledged log
/// offset. A write is lost when no replica's log reaches it any more: a new leader truncated below it, or the disks
/// that held it were destroyed. Kafka logs are prefixes of the leader's, so the highest offset says it all.
/// </summary>
internal sealed class AckedWriteLedger(SimulationStatistics statistics)
{
    private static readonly KafkaVersion HighWatermarkFreezeSince = new(3, 7, 0);

    private readonly Dictionary<TopicPartition, PartitionLedger> _partitions = [];
    private double _ackedTotal;

    public double RecordBytes { get; set; } = 1024;

    public void Append(SimPartition partition, double endOffset, double records, long nowMs) =>
        Ledger(partition).Pending.Enqueue((endOffset, records, nowMs));

    /// <summary>
    /// Answers the pending acks=all writes as Kafka's delayed produce does (<c>Partition.checkEnoughReplicasReachOffset</c>):
    /// once the high watermark passes a write it is acknowledged if the ISR is at least the effective
    /// <c>min.insync.replicas</c>, else it fails with NOT_ENOUGH_REPLICAS_AFTER_APPEND. Since 3.7 the high watermark
    /// does not advance while the ISR is below it (KAFKA-15583), so the write waits instead. A write still unanswered
    /// after the producer's <c>delivery.timeout.ms</c> fails (REQUEST_TIMED_OUT, then the producer gives up) and is
    /// never acknowledged later, even if the record stays in the log.
    /// </summary>
    public void Acknowledge(SimCluster cluster, SimPartition partition)
    {
        if (!_partitions.TryGetValue(partition.Id, out var ledger))
        {
            return;
        }

        var effectiveMinIsr = Math.Min(partition.MinInsyncReplicas, partition.Replicas.Count);
        var belowMin = partition.Isr.Count < effectiveMinIsr;
        var hwAdvancesBelowMin = cluster.Node(partition.Leader) is { } leader && leader.Config.Version < HighWatermarkFreezeSince;
        var hw = partition.HighWatermark;
        if (!belowMin || hwAdvancesBelowMin)
        {
            while (ledger.Pending.Count > 0 && ledger.Pending.Peek().End <= hw)
            {
                var (end, records, _) = ledger.Pending.Dequeue();
                if (belowMin)
                {
                    statistics.FailedWrites += (long)records;
                    continue;
                }

                ledger.AckedUpTo = Math.Max(ledger.AckedUpTo, end);
                ledger.AckedRecords += records;
                _ackedTotal += records;
                statistics.AckedWrites = (long)_ackedTotal;
            }

            ledger.ConsumedUpTo = ledger.LastHighWatermark;
            ledger.LastHighWatermark = hw;
        }

        var deadline = cluster.NowMs - (long)cluster.Options.DeliveryTimeout.TotalMilliseconds;
        while (ledger.Pending.Count > 0 && ledger.Pending.Peek().AppendedAtMs <= deadline)
        {
            statistics.FailedWrites += (long)ledger.Pending.Dequeue().Records;
        }
    }

    /// <summary>A new leader's log ends at <paramref name="leaderLeo"/>: anything beyond is gone.</summary>
    public void OnTruncation(SimPartition partition, double leaderLeo)
    {
        if (!_partitions.TryGetValue(partition.Id, out var ledger))
        {
            return;
        }

        var dropped = ledger.Pending.Where(w => w.End > leaderLeo).Sum(w => w.Records);
        ledger.Pending = new Queue<(double End, double Records, long AppendedAtMs)>(ledger.Pending.Where(w => w.End <= leaderLeo));
        statistics.FailedWrites += (long)dropped;
        if (leaderLeo < ledger.AckedUpTo)
        {
            Lose(partition, ledger, leaderLeo, "a leader without them was elected");
        }
    }

    public void OnReplicaDestroyed(SimPartition partition)
    {
        if (_partitions.TryGetValue(partition.Id, out var ledger))
        {
            var available = partition.Leo.Values.DefaultIfEmpty(0).Max();
            if (available < ledger.AckedUpTo)
            {
                Lose(partition, ledger, available, "the only disks holding them were destroyed");
            }
        }
    }

    /// <summary>Acknowledged records not held by any replica's log now (0 when nothing was lost).</summary>
    public long VerifyNothingLost(IEnumerable<SimPartition> partitions)
    {
        double missing = 0;
        foreach (var partition in partitions)
        {
            if (_partitions.TryGetValue(partition.Id, out var ledger))
            {
                var available = partition.Leo.Values.DefaultIfEmpty(0).Max();
                missing += Math.Max(0, ledger.AckedUpTo - available) / RecordBytes;
            }
        }

        return (long)Math.Ceiling(missing);
    }

    public long ConsumerLag(SimPartition partition) =>
        _partitions.TryGetValue(partition.Id, out var ledger) ? (long)((partition.HighWatermark - ledger.ConsumedUpTo) / RecordBytes) : 0;

    public bool IsTracked(SimPartition partition) => _partitions.ContainsKey(partition.Id);

    private void Lose(SimPartition partition, PartitionLedger ledger, double available, string why)
    {
        var lost = (long)Math.Ceiling((ledger.AckedUpTo - available) / RecordBytes);
        statistics.LostAckedWrites += lost;
        statistics.SafetyEvents.Add($"{partition.Id}: {lost} acknowledged write(s) lost because {why}");
        ledger.AckedUpTo = available;
    }

    private PartitionLedger Ledger(SimPartition partition)
    {
        if (!_partitions.TryGetValue(partition.Id, out var ledger))
        {
            ledger = new PartitionLedger { ConsumedUpTo = partition.HighWatermark, LastHighWatermark = partition.HighWatermark };
            _partitions[partition.Id] = ledger;
        }

        return ledger;
    }

    private sealed class PartitionLedger
    {
        public Queue<(double End, double Records, long AppendedAtMs)> Pending { get; set; } = new();

        public double AckedUpTo { get; set; }

        public double AckedRecords { get; set; }

        public double ConsumedUpTo { get; set; }

        public double LastHighWatermark { get; set; }
    }
}
