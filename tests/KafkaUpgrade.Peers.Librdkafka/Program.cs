using System.Text.Json;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

// One Confluent.Kafka AdminClient call against a bootstrap, printed as one JSON line:
//   metadata [TOPIC...]                         GetMetadata (librdkafka: Metadata v12/v13)
//   describe-cluster                            DescribeClusterAsync (DescribeCluster)
//   describe-configs topic|broker NAME          DescribeConfigsAsync
//   set-config topic|broker NAME KEY VALUE      IncrementalAlterConfigsAsync (SET)
//   delete-config topic|broker NAME KEY         IncrementalAlterConfigsAsync (DELETE)
//   elect-preferred TOPIC PARTITION             ElectLeadersAsync (PREFERRED)
//   list-groups                                 ListConsumerGroupsAsync (ListGroups)
//   describe-groups GROUP                       DescribeConsumerGroupsAsync (DescribeGroups)
//   group-offsets GROUP TOPIC PARTITION         ListConsumerGroupOffsetsAsync (OffsetFetch)
//   list-offsets TOPIC PARTITION                ListOffsetsAsync (ListOffsets, latest)
// Output: {"result":...} or {"error":"...","code":"..."}; exit 0 either way, 2 on bad usage.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: KafkaUpgrade.Peers.Librdkafka BOOTSTRAP COMMAND [ARGS...]");
    return 2;
}

var config = new AdminClientConfig { BootstrapServers = args[0], SocketTimeoutMs = 10000, ClientId = "librdkafka-peer" };
using var admin = new AdminClientBuilder(config).SetLogHandler((_, _) => { }).Build();
var timeout = TimeSpan.FromSeconds(15);
var rest = args[2..];
object? result;
try
{
    result = args[1] switch
    {
        "metadata" => Metadata(rest.Length == 0 ? admin.GetMetadata(timeout) : Merge(rest.Select(t => admin.GetMetadata(t, timeout)))),
        "describe-cluster" => Cluster(await admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = timeout })),
        "describe-configs" => (await admin.DescribeConfigsAsync([Resource(rest[0], rest[1])], new DescribeConfigsOptions { RequestTimeout = timeout }))
            .Select(r => new { r.ConfigResource.Name, Type = r.ConfigResource.Type.ToString(), Entries = r.Entries.Values.Select(e => new { e.Name, e.Value, e.IsDefault, e.IsReadOnly, Source = e.Source.ToString() }) }),
        "set-config" or "delete-config" => await Alter(admin, rest, args[1] == "set-config" ? AlterConfigOpType.Set : AlterConfigOpType.Delete, timeout),
        "elect-preferred" => (await admin.ElectLeadersAsync(ElectionType.Preferred, [new TopicPartition(rest[0], int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture))], new ElectLeadersOptions { RequestTimeout = timeout }))
            .TopicPartitions.Select(p => new { p.Topic, Partition = p.Partition.Value, Error = p.Error.Code.ToString() }),
        "list-groups" => (await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { RequestTimeout = timeout })).Valid.Select(g => new { g.GroupId, State = g.State.ToString(), g.IsSimpleConsumerGroup }),
        "describe-groups" => (await admin.DescribeConsumerGroupsAsync(rest, new DescribeConsumerGroupsOptions { RequestTimeout = timeout })).ConsumerGroupDescriptions
            .Select(g => new { g.GroupId, State = g.State.ToString(), g.PartitionAssignor, Members = g.Members.Count, Error = g.Error.Code.ToString() }),
        "group-offsets" => (await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(rest[0], [new TopicPartition(rest[1], int.Parse(rest[2], System.Globalization.CultureInfo.InvariantCulture))])], new ListConsumerGroupOffsetsOptions { RequestTimeout = timeout }))
            .SelectMany(g => g.Partitions.Select(p => new { g.Group, p.Topic, Partition = p.Partition.Value, Offset = p.Offset.Value, Error = p.Error.Code.ToString() })),
        "list-offsets" => (await admin.ListOffsetsAsync([new TopicPartitionOffsetSpec { TopicPartition = new TopicPartition(rest[0], int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture)), OffsetSpec = OffsetSpec.Latest() }], new ListOffsetsOptions { RequestTimeout = timeout }))
            .ResultInfos.Select(r => new { r.TopicPartitionOffsetError.Topic, Partition = r.TopicPartitionOffsetError.Partition.Value, Offset = r.TopicPartitionOffsetError.Offset.Value, Error = r.TopicPartitionOffsetError.Error.Code.ToString() }),
        _ => throw new ArgumentException($"unknown command {args[1]}"),
    };
}
catch (ElectLeadersException ex)
{
    // Per-partition errors (e.g. ELECTION_NOT_NEEDED) come as an exception carrying every result.
    Console.WriteLine(JsonSerializer.Serialize(new { result = ex.Results.TopicPartitions.Select(p => new { p.Topic, Partition = p.Partition.Value, Error = p.Error.Code.ToString() }) }));
    return 0;
}
catch (DescribeConfigsException ex)
{
    Console.WriteLine(JsonSerializer.Serialize(new { result = ex.Results.Select(r => new { r.ConfigResource.Name, Error = r.Error.Code.ToString() }) }));
    return 0;
}
catch (KafkaException ex)
{
    Console.WriteLine(JsonSerializer.Serialize(new { error = ex.Message, code = ex.Error.Code.ToString() }));
    return 0;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

Console.WriteLine(JsonSerializer.Serialize(new { result }));
return 0;

static ConfigResource Resource(string type, string name) =>
    new() { Type = type == "broker" ? ResourceType.Broker : ResourceType.Topic, Name = name };

static async Task<object> Alter(IAdminClient admin, string[] rest, AlterConfigOpType op, TimeSpan timeout)
{
    var entry = new ConfigEntry { Name = rest[2], Value = rest.Length > 3 ? rest[3] : null, IncrementalOperation = op };
    var results = await admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>> { [Resource(rest[0], rest[1])] = [entry] }, new IncrementalAlterConfigsOptions { RequestTimeout = timeout });
    return results.Select(r => new { r.ConfigResource.Name, Type = r.ConfigResource.Type.ToString() });
}

static Metadata Merge(IEnumerable<Metadata> parts)
{
    var all = parts.ToList();
    return new Metadata(all[0].Brokers, [.. all.SelectMany(m => m.Topics)], all[0].OriginatingBrokerId, all[0].OriginatingBrokerName);
}

static object Metadata(Metadata m) => new
{
    Brokers = m.Brokers.Select(b => new { b.BrokerId, b.Host, b.Port }),
    Topics = m.Topics.Select(t => new { t.Topic, Error = t.Error.Code.ToString(), Partitions = t.Partitions.Select(p => new { p.PartitionId, p.Leader, p.Replicas, p.InSyncReplicas, Error = p.Error.Code.ToString() }) }),
    m.OriginatingBrokerId,
};

static object Cluster(DescribeClusterResult c) => new { c.ClusterId, Controller = c.Controller?.Id, Nodes = c.Nodes.Select(n => new { n.Id, n.Host, n.Port, n.Rack }) };
