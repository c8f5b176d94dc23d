using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Kafka.Protocol.Errors;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Simulation.Wire.Handlers;

/// <summary>
/// ListOffsets (2): only the leader answers for a partition (others NOT_LEADER_OR_FOLLOWER, 6), as Kafka's
/// ReplicaManager.fetchOffset. Latest (-1) is the high watermark, earliest (-2) 0 (the simulated logs are never
/// truncated from the front), max-timestamp (-3) the last offset; the simulation keeps no record timestamps, so a
/// lookup by timestamp finds nothing (-1). Offsets count records of the traffic's record size.
/// </summary>
internal static class OffsetsHandler
{
    public static KafkaStruct Handle(RequestContext context)
    {
        var response = context.NewResponse();
        var offsets = context.Simulator.DescribeOffsets().ToDictionary(o => o.Partition);
        foreach (var topic in context.Request.GetStructs("Topics") ?? [])
        {
            var name = topic.GetString("Name")!;
            var t = response.Add("Topics").Set("Name", name);
            context.Snapshot.Topics.TryGetValue(name, out var state);
            foreach (var asked in topic.GetStructs("Partitions") ?? [])
            {
                var index = asked.GetInt32("PartitionIndex");
                var timestamp = asked.GetInt64("Timestamp");
                var p = t.Add("Partitions").Set("PartitionIndex", index).Set("ErrorCode", (short)0);
                var partition = state?.Partitions.FirstOrDefault(x => x.Partition == index);
                if (partition is null)
                {
                    p.Set("ErrorCode", (short)KafkaErrorCode.UnknownTopicOrPartition);
                    continue;
                }

                if (partition.Leader != context.NodeId)
                {
                    p.Set("ErrorCode", (short)KafkaErrorCode.NotLeaderOrFollower);
                    continue;
                }

                var hw = offsets.TryGetValue(new TopicPartition(name, index), out var o) ? o.HighWatermark : 0;
                var offset = timestamp switch
                {
                    -1 => hw,
                    -2 => 0,
                    -3 => hw > 0 ? hw - 1 : -1,
                    _ => -1,
                };
                if (context.Version == 0)
                {
                    p.Set("OldStyleOffsets", offset >= 0 ? new[] { offset } : Array.Empty<long>());
                    continue;
                }

                p.Set("Timestamp", -1L).Set("Offset", offset);
                if (context.Version >= 4)
                {
                    p.Set("LeaderEpoch", partition.LeaderEpoch);
                }
            }
        }

        return response;
    }
}
