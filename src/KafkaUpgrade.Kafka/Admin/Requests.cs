using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Kafka.Client;
using KafkaUpgrade.Kafka.Protocol;

namespace KafkaUpgrade.Kafka.Admin;

/// <summary>A broker as Metadata / DescribeCluster list it.</summary>
/// <param name="NodeId">Node id.</param>
/// <param name="Host">Advertised host.</param>
/// <param name="Port">Advertised port.</param>
/// <param name="Rack">broker.rack, or null.</param>
/// <param name="Listener">Listener name (DescribeQuorum v2 lists controllers' listeners by name), or null.</param>
public sealed record ListedNode(int NodeId, string Host, int Port, string? Rack, string? Listener = null);

/// <summary>What Metadata tells: cluster id, controller, live brokers, topics.</summary>
/// <param name="ClusterId">Kafka's cluster.id.</param>
/// <param name="ControllerId">The controller id Metadata reports (ZooKeeper: the controller broker; KRaft: a random live broker).</param>
/// <param name="Brokers">Live (registered, unfenced) brokers.</param>
/// <param name="Topics">Topics with their partitions (sizes 0 here).</param>
public sealed record MetadataView(string? ClusterId, int ControllerId, IReadOnlyList<ListedNode> Brokers, IReadOnlyList<(string Name, bool Internal, IReadOnlyList<PartitionState> Partitions)> Topics);

/// <summary>The requests the adapter sends, each building its message and reading the answer (Kafka's field names).</summary>
internal static class Requests
{
    public static async Task<MetadataView> MetadataAsync(IKafkaNodeConnection connection, bool allTopics, CancellationToken cancellationToken)
    {
        var version = ApiSupport.Negotiate(connection, ApiKey.Metadata, 1);
        var request = KafkaApis.Get(ApiKey.Metadata).NewRequest().Set("Topics", allTopics ? null : new List<KafkaStruct>());
        if (version >= 4)
        {
            request.Set("AllowAutoTopicCreation", false);
        }

        var response = await connection.SendAsync(ApiKey.Metadata, version, request, cancellationToken).ConfigureAwait(false);
        var brokers = (response.GetStructs("Brokers") ?? []).Select(b => new ListedNode(b.GetInt32("NodeId"), b.GetString("Host") ?? string.Empty, b.GetInt32("Port"), b.GetString("Rack"))).ToList();
        var topics = new List<(string, bool, IReadOnlyList<PartitionState>)>();
        foreach (var topic in response.GetStructs("Topics") ?? [])
        {
            var name = topic.GetString("Name") ?? string.Empty;
            ApiSupport.ThrowIfError(topic.GetInt16("ErrorCode"), null, $"Metadata of topic {name}");
            topics.Add((name, topic.GetBool("IsInternal"), PartitionsOf(topic, "LeaderEpoch")));
        }

        return new MetadataView(response.GetString("ClusterId"), response.GetInt32("ControllerId"), brokers, topics);
    }

    /// <summary>DescribeTopicPartitions (KIP-966, 3.8+ KRaft brokers): every topic, page by page through the cursor.</summary>
    public static async Task<IReadOnlyList<(string Name, bool Internal, IReadOnlyList<PartitionState> Partitions)>> DescribeTopicPartitionsAsync(IKafkaNodeConnection connection, CancellationToken cancellationToken)
    {
        var version = ApiSupport.Negotiate(connection, ApiKey.DescribeTopicPartitions);
        var byName = new Dictionary<string, (bool Internal, List<PartitionState> Partitions)>(StringComparer.Ordinal);
        KafkaStruct? cursor = null;
        do
        {
            var request = KafkaApis.Get(ApiKey.DescribeTopicPartitions).NewRequest().Set("Topics", new List<KafkaStruct>()).Set("ResponsePartitionLimit", 2000);
            if (cursor is not null)
            {
                request.SetNew("Cursor").Set("TopicName", cursor.GetString("TopicName")).Set("PartitionIndex", cursor.GetInt32("PartitionIndex"));
            }

            var response = await connection.SendAsync(ApiKey.DescribeTopicPartitions, version, request, cancellationToken).ConfigureAwait(false);
            foreach (var topic in response.GetStructs("Topics") ?? [])
            {
                var name = topic.GetString("Name") ?? string.Empty;
                ApiSupport.ThrowIfError(topic.GetInt16("ErrorCode"), null, $"DescribeTopicPartitions of topic {name}");
                if (!byName.TryGetValue(name, out var entry))
                {
                    entry = (topic.GetBool("IsInternal"), []);
                    byName[name] = entry;
                }

                entry.Partitions.AddRange(PartitionsOf(topic, "LeaderEpoch"));
            }

            cursor = response.GetStruct("NextCursor");
        }
        while (cursor is not null);

        return [.. byName.Select(t => (t.Key, t.Value.Internal, (IReadOnlyList<PartitionState>)[.. t.Value.Partitions.OrderBy(p => p.Partition)]))];
    }

    public static async Task<(string? ClusterId, IReadOnlyList<ListedNode> Nodes)> DescribeClusterAsync(IKafkaNodeConnection connection, bool controllers, CancellationToken cancellationToken)
    {
        var version = ApiSupport.Negotiate(connection, ApiKey.DescribeCluster, controllers ? (short)1 : (short)0);
        var request = KafkaApis.Get(ApiKey.DescribeCluster).NewRequest();
        if (controllers)
        {
            // KIP-919 EndpointType: 1 brokers, 2 controllers.
            request.Set("EndpointType", (sbyte)2);
        }

        var response = await connection.SendAsync(ApiKey.DescribeCluster, version, request, cancellationToken).ConfigureAwait(false);
        ApiSupport.ThrowIfError(response.GetInt16("ErrorCode"), response.GetString("ErrorMessage"), "DescribeCluster");
        return (response.GetString("ClusterId"), [.. (response.GetStructs("Brokers") ?? []).Select(b => new ListedNode(b.GetInt32("BrokerId"), b.GetString("Host") ?? string.Empty, b.GetInt32("Port"), b.GetString("Rack")))]);
    }

    public static async Task<(QuorumState Quorum, IReadOnlyList<ListedNode> Nodes)> DescribeQuorumAsync(IKafkaNodeConnection connection, CancellationToken cancellationToken)
    {
        var version = ApiSupport.Negotiate(connection, ApiKey.DescribeQuorum);
        var request = KafkaApis.Get(ApiKey.DescribeQuorum).NewRequest();
        request.Add("Topics").Set("TopicName", "__cluster_metadata").Add("Partitions").Set("PartitionIndex", 0);
        var response = await connection.SendAsync(ApiKey.DescribeQuorum, version, request, cancellationToken).ConfigureAwait(false);
        ApiSupport.ThrowIfError(response.GetInt16("ErrorCode"), version >= 2 ? response.GetString("ErrorMessage") : null, "DescribeQuorum");
        var partition = response.GetStructs("Topics")?.FirstOrDefault()?.GetStructs("Partitions")?.FirstOrDefault()
            ?? throw new Core.Ports.KafkaApiException(Core.Ports.KafkaError.InvalidRequest, $"{connection.Endpoint}: DescribeQuorum answered without the __cluster_metadata partition");
        ApiSupport.ThrowIfError(partition.GetInt16("ErrorCode"), version >= 2 ? partition.GetString("ErrorMessage") : null, "DescribeQuorum");
        QuorumMember Member(KafkaStruct r) => new(
            r.GetInt32("ReplicaId"),
            version >= 2 ? r.GetUuid("ReplicaDirectoryId") : Guid.Empty,
            r.GetInt64("LogEndOffset"),
            r.GetInt64("LastFetchTimestamp") is var f && f >= 0 ? f : null,
            r.GetInt64("LastCaughtUpTimestamp") is var c && c >= 0 ? c : null);
        var quorum = new QuorumState(
            partition.GetInt32("LeaderId"),
            partition.GetInt32("LeaderEpoch"),
            partition.GetInt64("HighWatermark"),
            [.. (partition.GetStructs("CurrentVoters") ?? []).Select(Member)],
            [.. (partition.GetStructs("Observers") ?? []).Select(Member)]);
        var nodes = version >= 2
            ? (response.GetStructs("Nodes") ?? []).Select(n => (n.GetInt32("NodeId"), Listener: n.GetStructs("Listeners")?.FirstOrDefault()))
                .Where(n => n.Listener is not null)
                .Select(n => new ListedNode(n.Item1, n.Listener!.GetString("Host") ?? string.Empty, n.Listener.GetUInt16("Port"), null, n.Listener.GetString("Name")))
                .ToList()
            : [];
        return (quorum, nodes);
    }

    /// <summary>DescribeConfigs of resources of one type (2 topic, 4 broker): name to (key to value), dynamic and static alike.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, (string? Value, sbyte Source)>>> DescribeConfigsAsync(
        IKafkaNodeConnection connection, sbyte resourceType, IEnumerable<string> names, IReadOnlyList<string>? keys, CancellationToken cancellationToken)
    {
        var version = ApiSupport.Negotiate(connection, ApiKey.DescribeConfigs, 1);
        var request = KafkaApis.Get(ApiKey.DescribeConfigs).NewRequest();
        foreach (var name in names)
        {
            request.Add("Resources").Set("ResourceType", resourceType).Set("ResourceName", name).Set("ConfigurationKeys", keys?.ToArray());
        }

        if ((request.GetStructs("Resources") ?? []).Count == 0)
        {
            return new Dictionary<string, IReadOnlyDictionary<string, (string?, sbyte)>>();
        }

        var response = await connection.SendAsync(ApiKey.DescribeConfigs, version, request, cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<string, IReadOnlyDictionary<string, (string?, sbyte)>>(StringComparer.Ordinal);
        foreach (var resource in response.GetStructs("Results") ?? [])
        {
            var name = resource.GetString("ResourceName") ?? string.Empty;
            ApiSupport.ThrowIfError(resource.GetInt16("ErrorCode"), resource.GetString("ErrorMessage"), $"DescribeConfigs of {(resourceType == 2 ? "topic" : "broker")} {name}");
            result[name] = (resource.GetStructs("Configs") ?? []).ToDictionary(c => c.GetString("Name") ?? string.Empty, c => (c.GetString("Value"), c.GetInt8("ConfigSource")), StringComparer.Ordinal);
        }

        return result;
    }

    /// <summary>IncrementalAlterConfigs: per resource, (key, value) to SET or (key, null) to DELETE. Errors per resource are thrown.</summary>
    public static async Task IncrementalAlterConfigsAsync(IKafkaNodeConnection connection, sbyte resourceType, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var version = ApiSupport.Negotiate(connection, ApiKey.IncrementalAlterConfigs);
        var request = KafkaApis.Get(ApiKey.IncrementalAlterConfigs).NewRequest().Set("ValidateOnly", false);
        foreach (var (name, configs) in changes)
        {
            var resource = request.Add("Resources").Set("ResourceType", resourceType).Set("ResourceName", name);
            foreach (var (key, value) in configs)
            {
                // AlterConfigOp.OpType: 0 SET, 1 DELETE.
                resource.Add("Configs").Set("Name", key).Set("ConfigOperation", (sbyte)(value is null ? 1 : 0)).Set("Value", value);
            }
        }

        var response = await connection.SendAsync(ApiKey.IncrementalAlterConfigs, version, request, cancellationToken).ConfigureAwait(false);
        foreach (var resource in response.GetStructs("Responses") ?? [])
        {
            ApiSupport.ThrowIfError(resource.GetInt16("ErrorCode"), resource.GetString("ErrorMessage"), $"IncrementalAlterConfigs of {(resourceType == 2 ? "topic" : "broker")} {resource.GetString("ResourceName")}");
        }
    }

    private static List<PartitionState> PartitionsOf(KafkaStruct topic, string epochField) =>
        [.. (topic.GetStructs("Partitions") ?? [])
            .Select(p => new PartitionState(
                p.GetInt32("PartitionIndex"),
                p.GetArray<int>("ReplicaNodes") ?? [],
                p.GetArray<int>("IsrNodes") ?? [],
                p.GetInt32("LeaderId"),
                0,
                Math.Max(0, p.GetInt32(epochField))))
            .OrderBy(p => p.Partition)];
}
