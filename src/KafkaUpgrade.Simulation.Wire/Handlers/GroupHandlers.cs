using System.Buffers.Binary;
using System.Text;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Kafka.Protocol.Errors;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Simulation.Wire.Handlers;

/// <summary>
/// The consumer groups of the simulated traffic (one group <c>{topic}-consumers</c> per topic under traffic, one
/// member, committed at what it consumed): FindCoordinator (10), ListGroups (16), DescribeGroups (15) and OffsetFetch
/// (9). As in Kafka, a group lives on one coordinator: the leader of its <c>__consumer_offsets</c> partition,
/// <c>abs(groupId.hashCode()) % partitions</c> (GroupCoordinator.partitionFor); a snapshot without that topic maps
/// partition <c>% 50</c> onto the live brokers in id order. ListGroups on a broker lists the groups it coordinates; DescribeGroups
/// and OffsetFetch elsewhere answer NOT_COORDINATOR (16).
/// </summary>
internal static class GroupHandlers
{
    private const int OffsetsTopicPartitions = 50;

    private sealed record Group(string Id, string Topic, IReadOnlyList<PartitionOffsets> Partitions);

    public static KafkaStruct FindCoordinator(RequestContext context)
    {
        var response = context.NewResponse();
        if (context.Version < 4)
        {
            var coordinator = Coordinator(context, context.Request.GetString("Key") ?? string.Empty);
            if (coordinator is null)
            {
                return response.Set("ErrorCode", (short)KafkaErrorCode.CoordinatorNotAvailable).Set("NodeId", -1).Set("Host", string.Empty).Set("Port", -1);
            }

            return response.Set("ErrorCode", (short)0).Set("NodeId", coordinator.Value).Set("Host", "127.0.0.1").Set("Port", context.Front.Ports.Port(coordinator.Value, controller: false) ?? -1);
        }

        foreach (var key in context.Request.GetArray<string>("CoordinatorKeys") ?? [])
        {
            var coordinator = Coordinator(context, key);
            var entry = response.Add("Coordinators").Set("Key", key);
            if (coordinator is null)
            {
                entry.Set("ErrorCode", (short)KafkaErrorCode.CoordinatorNotAvailable).Set("NodeId", -1).Set("Host", string.Empty).Set("Port", -1);
            }
            else
            {
                entry.Set("ErrorCode", (short)0).Set("NodeId", coordinator.Value).Set("Host", "127.0.0.1").Set("Port", context.Front.Ports.Port(coordinator.Value, controller: false) ?? -1);
            }
        }

        return response;
    }

    public static KafkaStruct ListGroups(RequestContext context)
    {
        var response = context.NewResponse().Set("ErrorCode", (short)0);
        var states = context.Version >= 4 ? context.Request.GetArray<string>("StatesFilter") ?? [] : [];
        var types = context.Version >= 5 ? context.Request.GetArray<string>("TypesFilter") ?? [] : [];
        foreach (var group in Groups(context).Where(g => Coordinator(context, g.Id) == context.NodeId))
        {
            if ((states.Length > 0 && !states.Contains("Stable", StringComparer.OrdinalIgnoreCase)) || (types.Length > 0 && !types.Contains("classic", StringComparer.OrdinalIgnoreCase)))
            {
                continue;
            }

            var entry = response.Add("Groups").Set("GroupId", group.Id).Set("ProtocolType", "consumer");
            if (context.Version >= 4)
            {
                entry.Set("GroupState", "Stable");
            }

            if (context.Version >= 5)
            {
                entry.Set("GroupType", "classic");
            }
        }

        return response;
    }

    public static KafkaStruct DescribeGroups(RequestContext context)
    {
        var response = context.NewResponse();
        var groups = Groups(context).ToDictionary(g => g.Id, StringComparer.Ordinal);
        foreach (var id in context.Request.GetArray<string>("Groups") ?? [])
        {
            var entry = response.Add("Groups").Set("GroupId", id).Set("ErrorCode", (short)0).Set("ProtocolType", string.Empty).Set("ProtocolData", string.Empty);
            if (Coordinator(context, id) != context.NodeId)
            {
                entry.Set("ErrorCode", (short)KafkaErrorCode.NotCoordinator).Set("GroupState", string.Empty);
                continue;
            }

            if (!groups.TryGetValue(id, out var group))
            {
                // Kafka describes a group it does not know as Dead, without an error.
                entry.Set("GroupState", "Dead");
                continue;
            }

            entry.Set("GroupState", "Stable").Set("ProtocolType", "consumer").Set("ProtocolData", "range");
            entry.Add("Members").Set("MemberId", $"{id}-member-1").Set("ClientId", id).Set("ClientHost", "/127.0.0.1")
                .Set("MemberMetadata", Subscription(group.Topic)).Set("MemberAssignment", Assignment(group));
        }

        return response;
    }

    public static KafkaStruct OffsetFetch(RequestContext context)
    {
        var response = context.NewResponse();
        if (context.Version < 8)
        {
            var groupId = context.Request.GetString("GroupId")!;
            var topics = context.Request.GetStructs("Topics");
            if (Coordinator(context, groupId) != context.NodeId)
            {
                return context.Version >= 2 ? response.Set("ErrorCode", (short)KafkaErrorCode.NotCoordinator) : FillTopics(response, context, groupId, topics, (short)KafkaErrorCode.NotCoordinator);
            }

            return FillTopics(response, context, groupId, topics, 0);
        }

        foreach (var asked in context.Request.GetStructs("Groups") ?? [])
        {
            var groupId = asked.GetString("GroupId")!;
            var entry = response.Add("Groups").Set("GroupId", groupId).Set("ErrorCode", (short)0);
            if (Coordinator(context, groupId) != context.NodeId)
            {
                entry.Set("ErrorCode", (short)KafkaErrorCode.NotCoordinator);
                continue;
            }

            FillTopics(entry, context, groupId, asked.GetStructs("Topics"), 0);
        }

        return response;
    }

    /// <summary>The broker that coordinates <paramref name="groupId"/>, or null when no broker is live.</summary>
    internal static int? Coordinator(RequestContext context, string groupId)
    {
        if (context.Snapshot.Topics.TryGetValue("__consumer_offsets", out var offsetsTopic) && offsetsTopic.Partitions.Count > 0)
        {
            // The cluster has the offsets topic: the group's coordinator is the leader of its partition, as in Kafka.
            var index = (JavaHashCode(groupId) & 0x7fffffff) % offsetsTopic.Partitions.Count;
            var leader = offsetsTopic.Partitions.First(p => p.Partition == index).Leader;
            return leader >= 0 && context.Snapshot.LiveBrokers.Any(b => b.Id == leader) ? leader : null;
        }

        var live = context.Snapshot.LiveBrokers.Select(b => b.Id).Order().ToList();
        if (live.Count == 0)
        {
            return null;
        }

        var partition = (JavaHashCode(groupId) & 0x7fffffff) % OffsetsTopicPartitions;
        return live[partition % live.Count];
    }

    private static KafkaStruct FillTopics(KafkaStruct target, RequestContext context, string groupId, List<KafkaStruct>? asked, short error)
    {
        var group = Groups(context).FirstOrDefault(g => g.Id == groupId);
        var wanted = asked?.Select(t => (Name: t.GetString("Name")!, Partitions: (IEnumerable<int>)(t.GetArray<int>("PartitionIndexes") ?? [])))
            ?? (group is null ? [] : [(group.Topic, group.Partitions.Select(p => p.Partition.Partition))]);
        target.Set("Topics", new List<KafkaStruct>());
        foreach (var (name, partitions) in wanted)
        {
            var t = target.Add("Topics").Set("Name", name);
            foreach (var index in partitions)
            {
                var committed = group is not null && group.Topic == name ? group.Partitions.FirstOrDefault(p => p.Partition.Partition == index)?.CommittedOffset ?? -1 : -1;
                t.Add("Partitions").Set("PartitionIndex", index).Set("CommittedOffset", error == 0 ? committed : -1L).Set("Metadata", string.Empty).Set("ErrorCode", error);
            }
        }

        return target;
    }

    private static List<Group> Groups(RequestContext context) =>
    [
        .. context.Simulator.DescribeOffsets()
            .Where(o => o.ConsumerGroup is not null)
            .GroupBy(o => o.ConsumerGroup!)
            .Select(g => new Group(g.Key, g.First().Partition.Topic, [.. g.OrderBy(o => o.Partition.Partition)])),
    ];

    /// <summary>Java's String.hashCode, which Kafka's partitionFor uses.</summary>
    private static int JavaHashCode(string text)
    {
        var hash = 0;
        foreach (var c in text)
        {
            hash = unchecked((31 * hash) + c);
        }

        return hash;
    }

    /// <summary>ConsumerProtocolSubscription v0: version, topics, user data (null).</summary>
    private static byte[] Subscription(string topic)
    {
        var name = Encoding.UTF8.GetBytes(topic);
        var bytes = new byte[2 + 4 + 2 + name.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(2), 1);
        BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(6), (short)name.Length);
        name.CopyTo(bytes, 8);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8 + name.Length), -1);
        return bytes;
    }

    /// <summary>ConsumerProtocolAssignment v0: version, [topic, [partition]], user data (null).</summary>
    private static byte[] Assignment(Group group)
    {
        var name = Encoding.UTF8.GetBytes(group.Topic);
        var bytes = new byte[2 + 4 + 2 + name.Length + 4 + (4 * group.Partitions.Count) + 4];
        var at = 2;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(at), 1);
        at += 4;
        BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(at), (short)name.Length);
        at += 2;
        name.CopyTo(bytes, at);
        at += name.Length;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(at), group.Partitions.Count);
        at += 4;
        foreach (var p in group.Partitions)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(at), p.Partition.Partition);
            at += 4;
        }

        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(at), -1);
        return bytes;
    }
}
