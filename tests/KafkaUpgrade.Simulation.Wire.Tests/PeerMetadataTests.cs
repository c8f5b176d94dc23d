using System.Text.Json;
using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Simulation.Wire.Tests;

/// <summary>Metadata (3) as each third-party client decodes it, against the simulator's own state.</summary>
public sealed class PeerMetadataTests
{
    private static void AssertTopicMatches(TopicState expected, JsonElement partitions, string index, string leader, string replicas, string isr)
    {
        Assert.Equal(expected.Partitions.Count, partitions.GetArrayLength());
        foreach (var p in partitions.EnumerateArray())
        {
            var state = expected.Partitions.Single(x => x.Partition == p.GetProperty(index).GetInt32());
            Assert.Equal(state.Leader, p.GetProperty(leader).GetInt32());
            Assert.Equal(state.Replicas, Ids(p.GetProperty(replicas)));
            Assert.Equal(state.Isr, Ids(p.GetProperty(isr)));
        }
    }

    private static int[] Ids(JsonElement array) =>
        [.. array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object ? e.GetProperty("id").GetInt32() : e.GetInt32())];

    [PeerFact("kcat")]
    public async Task KcatListsEveryBrokerOnItsOwnPortAndEveryPartitionAsTheSimulator()
    {
        foreach (var sample in new[] { "small-kraft-4.0.json", "small-zk-3.8.json" })
        {
            await using var test = await TestFront.StartAsync(sample);
            var state = test.State;
            var json = Peers.KcatMetadata(test.Broker(state.Brokers.First().Id).Address);
            var brokers = json.GetProperty("brokers").EnumerateArray().ToDictionary(b => b.GetProperty("id").GetInt32(), b => b.GetProperty("name").GetString());
            Assert.Equal(state.Brokers.Select(b => b.Id).Order(), brokers.Keys.Order());
            foreach (var (id, name) in brokers)
            {
                Assert.Equal(test.Broker(id).Address, name);
            }

            Assert.Equal(state.ZooKeeperControllerId ?? state.Brokers.Min(b => b.Id), json.GetProperty("controllerid").GetInt32());
            var topics = json.GetProperty("topics").EnumerateArray().ToDictionary(t => t.GetProperty("topic").GetString()!);
            Assert.Equal(state.Topics.Select(t => t.Name).Order(StringComparer.Ordinal), topics.Keys.Order(StringComparer.Ordinal));
            foreach (var topic in state.Topics)
            {
                AssertTopicMatches(topic, topics[topic.Name].GetProperty("partitions"), "partition", "leader", "replicas", "isrs");
            }
        }
    }

    [PeerFact("kcat")]
    public async Task AStoppedBrokerLeavesMetadataAndItsLeadershipMoves()
    {
        await using var test = await TestFront.StartAsync();
        await test.Simulator.Provisioner.StopAsync(2);
        await test.RunUntilAsync(s => s.FindNode(2)!.State == NodeState.Stopped);
        var json = Peers.KcatMetadata(test.Broker(1).Address);
        Assert.DoesNotContain(2, json.GetProperty("brokers").EnumerateArray().Select(b => b.GetProperty("id").GetInt32()));
        var leaders = json.GetProperty("topics").EnumerateArray().SelectMany(t => t.GetProperty("partitions").EnumerateArray()).Select(p => p.GetProperty("leader").GetInt32()).ToList();
        Assert.DoesNotContain(2, leaders);
        Assert.Equal(test.State.AllPartitions.Count(p => !p.Partition.IsOffline), leaders.Count(l => l >= 0));
    }

    [PeerTheory("python")]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task KafkaPythonDecodesEveryOldMetadataVersion(int version)
    {
        await using var test = await TestFront.ZooKeeperAsync();
        var state = test.State;
        var json = Peers.PythonKafka(test.Broker(state.Brokers.First().Id).Address, "metadata", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var response = json.GetProperty("response");
        Assert.Equal(state.Brokers.Count(), response.GetProperty("brokers").GetArrayLength());
        if (version >= 1)
        {
            Assert.Equal(state.ZooKeeperControllerId, response.GetProperty("controller_id").GetInt32());
        }

        if (version >= 2)
        {
            Assert.Equal(state.ClusterId, response.GetProperty("cluster_id").GetString());
        }

        var topics = response.GetProperty("topics").EnumerateArray().ToDictionary(t => t.GetProperty("topic").GetString()!);
        Assert.Equal(state.Topics.Count, topics.Count);
        foreach (var topic in state.Topics)
        {
            var replicas = version >= 5 ? "replicas" : "replicas";
            AssertTopicMatches(topic, topics[topic.Name].GetProperty("partitions"), "partition", "leader", replicas, "isr");
        }
    }

    [PeerFact("node")]
    public async Task KafkaJsMetadataV6ForOneTopic()
    {
        await using var test = await TestFront.StartAsync();
        var topic = test.State.Topics.First(t => !t.Name.StartsWith("__", StringComparison.Ordinal));
        var json = Peers.KafkaJs(test.Front.BootstrapServers.Split(',')[0], "fetchTopicMetadata", new { topics = new[] { topic.Name } });
        var t = json.GetProperty("result").GetProperty("topics")[0];
        Assert.Equal(topic.Name, t.GetProperty("name").GetString());
        AssertTopicMatches(topic, t.GetProperty("partitions"), "partitionId", "leader", "replicas", "isr");
    }

    [PeerFact("node")]
    public async Task PlatformaticMetadataV12AnswersAnUnknownTopicWithError3AndKeepsTheKnownOne()
    {
        await using var test = await TestFront.StartAsync();
        var topic = test.State.Topics.First(t => !t.Name.StartsWith("__", StringComparison.Ordinal));
        var json = Peers.Platformatic(test.Broker(1).Address, "metadataV12", (object)new[] { topic.Name, "no-such-topic" });
        Assert.Contains(json.GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetInt32() == 3);
        var topics = json.GetProperty("response").GetProperty("topics").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal(3, topics["no-such-topic"].GetProperty("errorCode").GetInt32());
        Assert.Equal(0, topics[topic.Name].GetProperty("errorCode").GetInt32());
        Assert.Equal(FrontSnapshot.TopicId(test.State.ClusterId, topic.Name), Guid.Parse(topics[topic.Name].GetProperty("topicId").GetString()!));
        AssertTopicMatches(topic, topics[topic.Name].GetProperty("partitions"), "partitionIndex", "leaderId", "replicaNodes", "isrNodes");
    }

    [PeerFact("node")]
    public async Task KafkaTsMetadataOfEveryTopicWithLeaderEpochs()
    {
        await using var test = await TestFront.StartAsync();
        var json = Peers.KafkaTs(test.Broker(1).Address, "METADATA", new { topics = (object?)null, allowTopicAutoCreation = false, includeTopicAuthorizedOperations = false });
        Assert.Equal(12, json.GetProperty("version").GetInt32());
        var response = json.GetProperty("response");
        Assert.Equal(test.State.ClusterId, response.GetProperty("clusterId").GetString());
        foreach (var t in response.GetProperty("topics").EnumerateArray())
        {
            var topic = test.State.Topics.Single(x => x.Name == t.GetProperty("name").GetString());
            Assert.Equal(topic.Name == "__consumer_offsets", t.GetProperty("isInternal").GetBoolean());
            foreach (var p in t.GetProperty("partitions").EnumerateArray())
            {
                Assert.Equal(topic.Partitions.Single(x => x.Partition == p.GetProperty("partitionIndex").GetInt32()).LeaderEpoch, p.GetProperty("leaderEpoch").GetInt32());
            }
        }
    }

    [PeerFact("librdkafka")]
    public async Task LibrdkafkaSurvivesAnUnknownTopicAndDecodesTheKnownOne()
    {
        await using var test = await TestFront.StartAsync();
        var topic = test.State.Topics.First(t => !t.Name.StartsWith("__", StringComparison.Ordinal));
        var json = Peers.Rdkafka(test.Front.BootstrapServers, "metadata", topic.Name, "no-such-topic");
        var topics = json.GetProperty("result").GetProperty("Topics").EnumerateArray().ToDictionary(t => t.GetProperty("Topic").GetString()!);
        Assert.Equal("UnknownTopicOrPart", topics["no-such-topic"].GetProperty("Error").GetString());
        Assert.Equal("NoError", topics[topic.Name].GetProperty("Error").GetString());
        AssertTopicMatches(topic, topics[topic.Name].GetProperty("Partitions"), "PartitionId", "Leader", "Replicas", "InSyncReplicas");
    }
}
