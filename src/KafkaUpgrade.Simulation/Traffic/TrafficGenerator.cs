using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Traffic;

/// <summary>
/// Producers with acks=all and one consumer group per topic. A write is appended only when the partition has a
/// serving leader and at least <c>min.insync.replicas</c> in sync (else NOT_ENOUGH_REPLICAS or no leader), and is
/// acknowledged once the high watermark passes it.
/// </summary>
internal sealed class TrafficGenerator(TrafficSpec spec)
{
    public TrafficSpec Spec { get; } = spec;

    public bool Targets(SimPartition partition) => Spec.Topics is null || Spec.Topics.Contains(partition.Topic.Name);

    public void Produce(SimCluster cluster, long dtMs)
    {
        var bytes = Spec.BytesPerSecondPerPartition * dtMs / 1000.0;
        cluster.BytesInPerSecond.Clear();
        var records = bytes / Spec.RecordBytes;
        foreach (var partition in cluster.AllPartitions.Where(Targets))
        {
            var writable = partition.Leader >= 0 &&
                cluster.Node(partition.Leader) is { IsServing: true } &&
                partition.Isr.Contains(partition.Leader) &&
                partition.Isr.Count >= partition.MinInsyncReplicas;
            if (!writable)
            {
                cluster.Statistics.FailedWrites += (long)Math.Ceiling(records);
                var key = partition.Id.ToString();
                cluster.Statistics.UnwritableMsByPartition[key] = cluster.Statistics.UnwritableMsByPartition.GetValueOrDefault(key) + dtMs;
                continue;
            }

            partition.Leo[partition.Leader] += bytes;
            cluster.BytesInPerSecond[partition.Leader] = cluster.BytesInPerSecond.GetValueOrDefault(partition.Leader) + Spec.BytesPerSecondPerPartition;
            cluster.Ledger.Append(partition, partition.Leo[partition.Leader], records, cluster.NowMs);
        }
    }

    public void Acknowledge(SimCluster cluster)
    {
        foreach (var partition in cluster.AllPartitions.Where(Targets))
        {
            cluster.Ledger.Acknowledge(cluster, partition);
        }
    }
}
