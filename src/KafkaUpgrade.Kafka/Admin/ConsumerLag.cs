using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Client;
using KafkaUpgrade.Kafka.Protocol;

namespace KafkaUpgrade.Kafka.Admin;

/// <summary>
/// Consumer lag as <c>kafka-consumer-groups --describe</c> computes it: ListGroups on every broker, each group's
/// committed offsets from its coordinator (FindCoordinator + OffsetFetch), log end offsets from the partition leaders
/// (ListOffsets, timestamp -1 = latest); lag = log end − committed, summed per group and topic.
/// </summary>
internal sealed class ConsumerLag(KafkaClusterClient client)
{
    public async Task<IReadOnlyList<ConsumerGroupLag>> DescribeAsync(MetadataView metadata, CancellationToken cancellationToken)
    {
        var groups = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var broker in metadata.Brokers)
        {
            var listed = await client.OnNodeAsync(broker.NodeId, broker.Host, broker.Port, async connection =>
            {
                var version = ApiSupport.Negotiate(connection, ApiKey.ListGroups);
                var response = await connection.SendAsync(ApiKey.ListGroups, version, KafkaApis.Get(ApiKey.ListGroups).NewRequest(), cancellationToken).ConfigureAwait(false);
                ApiSupport.ThrowIfError(response.GetInt16("ErrorCode"), null, $"ListGroups on broker {broker.NodeId}");
                return (response.GetStructs("Groups") ?? []).Where(g => g.GetString("ProtocolType") is "consumer" or "" or null).Select(g => g.GetString("GroupId") ?? string.Empty).ToList();
            }, cancellationToken).ConfigureAwait(false);
            groups.UnionWith(listed);
        }

        if (groups.Count == 0)
        {
            return [];
        }

        var committed = new Dictionary<(string Group, TopicPartition Partition), long>();
        foreach (var group in groups)
        {
            var coordinator = await client.OnBrokerAsync(c => FindCoordinatorAsync(c, group, cancellationToken), cancellationToken).ConfigureAwait(false);
            var offsets = await client.OnNodeAsync(coordinator.NodeId, coordinator.Host, coordinator.Port, c => OffsetFetchAsync(c, group, cancellationToken), cancellationToken).ConfigureAwait(false);
            foreach (var (partition, offset) in offsets)
            {
                committed[(group, partition)] = offset;
            }
        }

        var ends = await LogEndOffsetsAsync(metadata, committed.Keys.Select(k => k.Partition).ToHashSet(), cancellationToken).ConfigureAwait(false);
        return [.. committed
            .GroupBy(c => (c.Key.Group, c.Key.Partition.Topic))
            .Select(g => new ConsumerGroupLag(g.Key.Group, g.Key.Topic, g.Sum(c => Math.Max(0, ends.GetValueOrDefault(c.Key.Partition, c.Value) - c.Value))))
            .OrderBy(l => l.GroupId, StringComparer.Ordinal).ThenBy(l => l.Topic, StringComparer.Ordinal)];
    }

    private static async Task<ListedNode> FindCoordinatorAsync(IKafkaNodeConnection connection, string group, CancellationToken cancellationToken)
    {
        var version = ApiSupport.Negotiate(connection, ApiKey.FindCoordinator);
        var request = KafkaApis.Get(ApiKey.FindCoordinator).NewRequest().Set("KeyType", (sbyte)0);
        if (version >= 4)
        {
            request.Set("CoordinatorKeys", new[] { group });
        }
        else
        {
            request.Set("Key", group);
        }

        var response = await connection.SendAsync(ApiKey.FindCoordinator, version, request, cancellationToken).ConfigureAwait(false);
        var entry = version >= 4 ? response.GetStructs("Coordinators")?.FirstOrDefault() ?? response : response;
        ApiSupport.ThrowIfError(entry.GetInt16("ErrorCode"), entry.GetString("ErrorMessage"), $"FindCoordinator for group {group}");
        return new ListedNode(entry.GetInt32("NodeId"), entry.GetString("Host") ?? string.Empty, entry.GetInt32("Port"), null);
    }

    private static async Task<IReadOnlyList<(TopicPartition Partition, long Offset)>> OffsetFetchAsync(IKafkaNodeConnection connection, string group, CancellationToken cancellationToken)
    {
        var version = ApiSupport.Negotiate(connection, ApiKey.OffsetFetch, 2);
        var request = KafkaApis.Get(ApiKey.OffsetFetch).NewRequest();
        if (version >= 8)
        {
            request.Add("Groups").Set("GroupId", group).Set("Topics", null);
        }
        else
        {
            request.Set("GroupId", group).Set("Topics", null);
        }

        var response = await connection.SendAsync(ApiKey.OffsetFetch, version, request, cancellationToken).ConfigureAwait(false);
        var scope = version >= 8 ? response.GetStructs("Groups")?.FirstOrDefault() ?? throw new KafkaApiException(KafkaError.InvalidRequest, $"OffsetFetch for group {group} answered no group") : response;
        ApiSupport.ThrowIfError(scope.GetInt16("ErrorCode"), null, $"OffsetFetch for group {group}");
        return [.. (scope.GetStructs("Topics") ?? [])
            .SelectMany(t => (t.GetStructs("Partitions") ?? []).Select(p => (Topic: t.GetString("Name") ?? string.Empty, Partition: p)))
            .Where(p => p.Partition.GetInt16("ErrorCode") == 0 && p.Partition.GetInt64("CommittedOffset") >= 0)
            .Select(p => (new TopicPartition(p.Topic, p.Partition.GetInt32("PartitionIndex")), p.Partition.GetInt64("CommittedOffset")))];
    }

    private async Task<IReadOnlyDictionary<TopicPartition, long>> LogEndOffsetsAsync(MetadataView metadata, HashSet<TopicPartition> partitions, CancellationToken cancellationToken)
    {
        var leaders = metadata.Topics
            .SelectMany(t => t.Partitions.Select(p => (Id: new TopicPartition(t.Name, p.Partition), p.Leader)))
            .Where(p => partitions.Contains(p.Id) && p.Leader >= 0)
            .GroupBy(p => p.Leader);
        var ends = new Dictionary<TopicPartition, long>();
        foreach (var byLeader in leaders)
        {
            if (metadata.Brokers.FirstOrDefault(b => b.NodeId == byLeader.Key) is not { } broker)
            {
                continue;
            }

            var offsets = await client.OnNodeAsync(broker.NodeId, broker.Host, broker.Port, async connection =>
            {
                var version = ApiSupport.Negotiate(connection, ApiKey.ListOffsets, 1);
                var request = KafkaApis.Get(ApiKey.ListOffsets).NewRequest().Set("ReplicaId", -1);
                foreach (var topic in byLeader.GroupBy(p => p.Id.Topic, StringComparer.Ordinal))
                {
                    var t = request.Add("Topics").Set("Name", topic.Key);
                    foreach (var p in topic)
                    {
                        t.Add("Partitions").Set("PartitionIndex", p.Id.Partition).Set("Timestamp", -1L);
                    }
                }

                var response = await connection.SendAsync(ApiKey.ListOffsets, version, request, cancellationToken).ConfigureAwait(false);
                return (response.GetStructs("Topics") ?? [])
                    .SelectMany(t => (t.GetStructs("Partitions") ?? []).Select(p => (Topic: t.GetString("Name") ?? string.Empty, Partition: p)))
                    .Where(p => p.Partition.GetInt16("ErrorCode") == 0)
                    .Select(p => (Id: new TopicPartition(p.Topic, p.Partition.GetInt32("PartitionIndex")), Offset: p.Partition.GetInt64("Offset")))
                    .ToList();
            }, cancellationToken).ConfigureAwait(false);
            foreach (var (id, offset) in offsets)
            {
                ends[id] = offset;
            }
        }

        return ends;
    }
}
