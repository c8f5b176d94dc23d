using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Kafka.Protocol.Errors;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Simulation.Wire.Handlers;

/// <summary>
/// Metadata (3), as Kafka's MetadataCache answers it: the live brokers with their own ports (so clients follow
/// leaders), the cluster id, the controller (the ZooKeeper controller broker; in KRaft a live broker, Kafka gives a
/// random one, we give the lowest id), and the asked topics. A topic that does not exist is answered with
/// UNKNOWN_TOPIC_OR_PARTITION (3), never left out: the simulated cluster behaves as
/// <c>auto.create.topics.enable=false</c>, and librdkafka 2.16 aborts when an asked topic is missing from the answer.
/// An unknown topic id (v10+) is UNKNOWN_TOPIC_ID (100). A partition without leader is LEADER_NOT_AVAILABLE (5);
/// v0 also flags missing replicas with REPLICA_NOT_AVAILABLE (9).
/// </summary>
internal static class MetadataHandler
{
    public static KafkaStruct Handle(RequestContext context)
    {
        var snapshot = context.Snapshot;
        var version = context.Version;
        var response = context.NewResponse();
        var live = snapshot.LiveBrokers.OrderBy(b => b.Id).ToList();
        var liveIds = live.Select(b => b.Id).ToHashSet();
        foreach (var broker in live)
        {
            response.Add("Brokers").Set("NodeId", broker.Id).Set("Host", "127.0.0.1").Set("Port", context.Front.Ports.Port(broker.Id, controller: false) ?? 0).Set("Rack", broker.Rack);
        }

        if (version >= 2)
        {
            response.Set("ClusterId", context.State.ClusterId);
        }

        if (version >= 1)
        {
            response.Set("ControllerId", ControllerId(context, live));
        }

        var requested = context.Request.GetStructs("Topics");
        var all = requested is null || (version == 0 && requested.Count == 0);
        if (all)
        {
            foreach (var topic in context.State.Topics)
            {
                AddTopic(response, snapshot, topic, version, liveIds);
            }

            return response;
        }

        foreach (var wanted in requested!)
        {
            var name = wanted.GetString("Name");
            var id = version >= 10 ? wanted.GetUuid("TopicId") : Guid.Empty;
            if (name is null && id != Guid.Empty)
            {
                name = snapshot.TopicsById.GetValueOrDefault(id);
                if (name is null)
                {
                    response.Add("Topics").Set("ErrorCode", (short)KafkaErrorCode.UnknownTopicId).Set("Name", null).Set("TopicId", id);
                    continue;
                }
            }

            if (name is not null && snapshot.Topics.TryGetValue(name, out var topic))
            {
                AddTopic(response, snapshot, topic, version, liveIds);
            }
            else
            {
                response.Add("Topics").Set("ErrorCode", (short)KafkaErrorCode.UnknownTopicOrPartition).Set("Name", name ?? string.Empty);
            }
        }

        return response;
    }

    /// <summary>The controller id a broker reports: the ZooKeeper controller, or (KRaft, where clients cannot reach the controller) a live broker.</summary>
    internal static int ControllerId(RequestContext context, IReadOnlyList<ClusterNode> live)
    {
        if (context.State.ZooKeeperControllerId is { } zk)
        {
            return zk;
        }

        return context.State.MetadataMode == MetadataMode.ZooKeeper || live.Count == 0 ? -1 : live[0].Id;
    }

    /// <summary>Kafka's internal topics (Topic.INTERNAL_TOPICS).</summary>
    internal static bool IsInternal(string topic) => topic is "__consumer_offsets" or "__transaction_state";

    private static void AddTopic(KafkaStruct response, FrontSnapshot snapshot, TopicState topic, short version, HashSet<int> live)
    {
        var t = response.Add("Topics").Set("ErrorCode", (short)0).Set("Name", topic.Name);
        if (version >= 1)
        {
            t.Set("IsInternal", IsInternal(topic.Name));
        }

        if (version >= 10)
        {
            t.Set("TopicId", snapshot.TopicIds[topic.Name]);
        }

        foreach (var p in topic.Partitions)
        {
            var offline = p.Replicas.Where(r => !live.Contains(r)).ToArray();
            short error = p.IsOffline ? (short)KafkaErrorCode.LeaderNotAvailable : version == 0 && offline.Length > 0 ? (short)KafkaErrorCode.ReplicaNotAvailable : (short)0;
            var partition = t.Add("Partitions")
                .Set("ErrorCode", error)
                .Set("PartitionIndex", p.Partition)
                .Set("LeaderId", p.Leader)
                .Set("ReplicaNodes", version == 0 ? p.Replicas.Where(live.Contains).ToArray() : p.Replicas.ToArray())
                .Set("IsrNodes", version == 0 ? p.Isr.Where(live.Contains).ToArray() : p.Isr.ToArray());
            if (version >= 7)
            {
                partition.Set("LeaderEpoch", p.LeaderEpoch);
            }

            if (version >= 5)
            {
                partition.Set("OfflineReplicas", offline);
            }
        }
    }
}
