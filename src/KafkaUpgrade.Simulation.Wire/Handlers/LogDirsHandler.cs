using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Simulation.Wire.Handlers;

/// <summary>
/// DescribeLogDirs (35): the receiving broker's one log directory with the replicas it holds and their sizes;
/// v4+ also the disk's total and usable bytes (KIP-827).
/// </summary>
internal static class LogDirsHandler
{
    public const string LogDir = "/var/lib/kafka/data";

    public static KafkaStruct Handle(RequestContext context)
    {
        var response = context.NewResponse().Set("ErrorCode", (short)0);
        var asked = context.Request.GetStructs("Topics")?.ToDictionary(t => t.GetString("Topic")!, t => (t.GetArray<int>("Partitions") ?? []).ToHashSet(), StringComparer.Ordinal);
        var dir = response.Add("Results").Set("ErrorCode", (short)0).Set("LogDir", LogDir).Set("Topics", new List<KafkaStruct>());
        long used = 0;
        foreach (var topic in context.State.Topics)
        {
            KafkaStruct? t = null;
            foreach (var p in topic.Partitions.Where(p => p.Replicas.Contains(context.NodeId)))
            {
                used += p.SizeBytes;
                if (asked is not null && (!asked.TryGetValue(topic.Name, out var partitions) || !partitions.Contains(p.Partition)))
                {
                    continue;
                }

                t ??= dir.Add("Topics").Set("Name", topic.Name);
                var lag = p.Isr.Contains(context.NodeId) ? 0L : p.SizeBytes;
                t.Add("Partitions").Set("PartitionIndex", p.Partition).Set("PartitionSize", p.SizeBytes).Set("OffsetLag", lag).Set("IsFutureKey", false);
            }
        }

        if (context.Version >= 4)
        {
            var capacity = context.State.FindNode(context.NodeId)?.DiskCapacityBytes ?? -1;
            dir.Set("TotalBytes", capacity).Set("UsableBytes", capacity < 0 ? -1 : Math.Max(0, capacity - used));
        }

        return response;
    }
}
