using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Kafka.Protocol.Errors;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Simulation.Wire.Handlers;

/// <summary>
/// DescribeTopicPartitions (75, KIP-966), as Kafka's DescribeTopicPartitionsRequestHandler: the asked topics (none
/// asked: every topic) in name order from the cursor on, at most ResponsePartitionLimit partitions per answer (then
/// NextCursor says where to go on); an unknown topic is UNKNOWN_TOPIC_OR_PARTITION. The simulator has no eligible
/// leader replicas (ELR), so those lists are empty.
/// </summary>
internal static class DescribeTopicPartitionsHandler
{
    public static KafkaStruct Handle(RequestContext context)
    {
        var snapshot = context.Snapshot;
        var request = context.Request;
        var limit = Math.Max(1, request.GetInt32("ResponsePartitionLimit"));
        var cursor = request.GetStruct("Cursor");
        var asked = request.GetStructs("Topics")?.Select(t => t.GetString("Name")!).ToList() ?? [];
        var names = (asked.Count == 0 ? snapshot.State.Topics.Select(t => t.Name) : asked.Distinct(StringComparer.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var response = context.NewResponse();
        var live = snapshot.LiveBrokers.Select(b => b.Id).ToHashSet();
        var remaining = limit;
        var started = cursor is null;
        foreach (var name in names)
        {
            var firstPartition = 0;
            if (!started)
            {
                var order = string.CompareOrdinal(name, cursor!.GetString("TopicName"));
                if (order < 0)
                {
                    continue;
                }

                started = true;
                firstPartition = order == 0 ? cursor.GetInt32("PartitionIndex") : 0;
            }

            if (!snapshot.Topics.TryGetValue(name, out var topic))
            {
                response.Add("Topics").Set("ErrorCode", (short)KafkaErrorCode.UnknownTopicOrPartition).Set("Name", name);
                continue;
            }

            if (remaining == 0)
            {
                response.SetNew("NextCursor").Set("TopicName", name).Set("PartitionIndex", firstPartition);
                return response;
            }

            var t = response.Add("Topics").Set("ErrorCode", (short)0).Set("Name", name).Set("TopicId", snapshot.TopicIds[name]).Set("IsInternal", MetadataHandler.IsInternal(name));
            t.Set("Partitions", new List<KafkaStruct>());
            foreach (var p in topic.Partitions.Where(p => p.Partition >= firstPartition).OrderBy(p => p.Partition))
            {
                if (remaining == 0)
                {
                    response.SetNew("NextCursor").Set("TopicName", name).Set("PartitionIndex", p.Partition);
                    return response;
                }

                Add(t, p, live);
                remaining--;
            }
        }

        return response;
    }

    private static void Add(KafkaStruct topic, PartitionState p, HashSet<int> live) => topic.Add("Partitions")
        .Set("ErrorCode", p.IsOffline ? (short)KafkaErrorCode.LeaderNotAvailable : (short)0)
        .Set("PartitionIndex", p.Partition)
        .Set("LeaderId", p.Leader)
        .Set("LeaderEpoch", p.LeaderEpoch)
        .Set("ReplicaNodes", p.Replicas.ToArray())
        .Set("IsrNodes", p.Isr.ToArray())
        .Set("EligibleLeaderReplicas", Array.Empty<int>())
        .Set("LastKnownElr", Array.Empty<int>())
        .Set("OfflineReplicas", p.Replicas.Where(r => !live.Contains(r)).ToArray());
}
