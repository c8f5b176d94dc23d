using System.Text.Json;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Simulation.Wire.Versions;

namespace KafkaUpgrade.Simulation.Wire.Tests;

/// <summary>ApiVersions (18), DescribeCluster (60) and DescribeTopicPartitions (75) through third-party clients.</summary>
public sealed class PeerClusterTests
{
    [PeerFact("node")]
    public async Task EachNodeAdvertisesTheApisOfTheReleaseItRuns()
    {
        await using var test = await TestFront.StartAsync();
        var before = Peers.Platformatic(test.Broker(2).Address, "apiVersionsV3", "peer", "1.0").GetProperty("response");
        var expected40 = AdvertisedApis.For(KafkaVersion.Parse("4.0.0"), ListenerKind.Broker);
        Assert.Equal(expected40.Select(r => (int)r.ApiKey), before.GetProperty("apiKeys").EnumerateArray().Select(k => k.GetProperty("apiKey").GetInt32()));
        var features = before.GetProperty("finalizedFeatures").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("maxVersionLevel").GetInt32());
        Assert.Equal(test.State.Features.MetadataVersionLevel, features["metadata.version"]);

        var config = (await test.Simulator.Provisioner.DescribeNodeAsync(2))!.Config with { Version = KafkaVersion.Parse("4.2.0") };
        await test.Simulator.Provisioner.RestartAsync(2, config);
        await test.RunUntilAsync(s => s.FindNode(2) is { State: NodeState.Running } n && n.Version.Minor == 2);
        var after = Peers.KafkaTs(test.Broker(2).Address, "API_VERSIONS", new { });
        var keys = after.GetProperty("response").GetProperty("versions").EnumerateArray().ToDictionary(k => k.GetProperty("apiKey").GetInt32(), k => k.GetProperty("maxVersion").GetInt32());
        Assert.Equal(AdvertisedApis.For(KafkaVersion.Parse("4.2.0"), ListenerKind.Broker).ToDictionary(r => (int)r.ApiKey, r => (int)r.MaxVersion), keys);
    }

    [PeerFact("node")]
    public async Task ZooKeeperBrokerListsNoKRaftOnlyApi()
    {
        await using var test = await TestFront.ZooKeeperAsync();
        var keys = Peers.KafkaTs(test.Broker(test.State.Brokers.First().Id).Address, "API_VERSIONS", new { })
            .GetProperty("response").GetProperty("versions").EnumerateArray().Select(k => k.GetProperty("apiKey").GetInt32()).ToHashSet();
        Assert.Contains(3, keys);
        Assert.Contains(45, keys);
        foreach (var kraftOnly in new[] { 55, 64, 75, 80, 81 })
        {
            Assert.DoesNotContain(kraftOnly, keys);
        }
    }

    [PeerFact("node")]
    public async Task DescribeClusterOnTheControllerEndpointNamesTheActiveController()
    {
        await using var test = await TestFront.StartAsync();
        var controller = test.State.Controllers.First();
        var json = Peers.KafkaTs(test.Controller(controller.Id).Address, "DESCRIBE_CLUSTER", new { includeClusterAuthorizedOperations = false, endpointType = 2 });
        var response = json.GetProperty("response");
        Assert.Equal(2, response.GetProperty("endpointType").GetInt32());
        Assert.Equal(test.State.ActiveControllerId, response.GetProperty("controllerId").GetInt32());
        var brokers = response.GetProperty("brokers").EnumerateArray().ToDictionary(b => b.GetProperty("brokerId").GetInt32(), b => b.GetProperty("port").GetInt32());
        Assert.Equal(test.State.Controllers.Select(c => c.Id).Order(), brokers.Keys.Order());
        Assert.All(brokers, b => Assert.Equal(test.Controller(b.Key).Port, b.Value));

        var mismatched = Peers.KafkaTs(test.Broker(1).Address, "DESCRIBE_CLUSTER", new { includeClusterAuthorizedOperations = false, endpointType = 2 });
        Assert.Equal(114, mismatched.GetProperty("errorCode").GetInt32());
    }

    [PeerFact("librdkafka", "python")]
    public async Task DescribeClusterOnBrokersAsLibrdkafkaAndKafkaPythonSeeIt()
    {
        await using var test = await TestFront.StartAsync();
        var rd = Peers.Rdkafka(test.Front.BootstrapServers, "describe-cluster").GetProperty("result");
        Assert.Equal(test.State.ClusterId, rd.GetProperty("ClusterId").GetString());
        Assert.Equal(test.State.Brokers.Select(b => b.Id).Order(), rd.GetProperty("Nodes").EnumerateArray().Select(n => n.GetProperty("Id").GetInt32()).Order());
        Assert.All(rd.GetProperty("Nodes").EnumerateArray(), n => Assert.Equal(test.Broker(n.GetProperty("Id").GetInt32()).Port, n.GetProperty("Port").GetInt32()));

        var py = Peers.PythonKafka(test.Broker(1).Address, "describe_cluster").GetProperty("result");
        Assert.Equal(test.State.ClusterId, py.GetProperty("cluster_id").GetString());
        Assert.Equal(test.State.Brokers.Count(), py.GetProperty("brokers").GetArrayLength());
    }

    [PeerFact("node")]
    public async Task DescribeTopicPartitionsPagesWithItsCursor()
    {
        await using var test = await TestFront.StartAsync();
        var state = test.State;
        var seen = new List<(string Topic, int Partition, int Leader)>();
        object? cursor = null;
        for (var page = 0; page < 100; page++)
        {
            var json = Peers.KafkaTs(test.Broker(1).Address, "DESCRIBE_TOPIC_PARTITIONS", new { topics = Array.Empty<object>(), responsePartitionLimit = 100, cursor });
            var response = json.GetProperty("response");
            foreach (var t in response.GetProperty("topics").EnumerateArray())
            {
                Assert.Equal(0, t.GetProperty("errorCode").GetInt32());
                seen.AddRange(t.GetProperty("partitions").EnumerateArray().Select(p => (t.GetProperty("name").GetString()!, p.GetProperty("partitionIndex").GetInt32(), p.GetProperty("leaderId").GetInt32())));
            }

            var next = response.GetProperty("nextCursor");
            if (next.ValueKind == JsonValueKind.Null)
            {
                break;
            }

            cursor = new { topicName = next.GetProperty("topicName").GetString(), partitionIndex = next.GetProperty("partitionIndex").GetInt32() };
        }

        var expected = state.AllPartitions.OrderBy(p => p.Topic.Name, StringComparer.Ordinal).ThenBy(p => p.Partition.Partition)
            .Select(p => (p.Topic.Name, p.Partition.Partition, p.Partition.Leader)).ToList();
        Assert.Equal(expected, seen);
    }

    [PeerFact("node")]
    public async Task DescribeTopicPartitionsNamesAnUnknownTopic()
    {
        await using var test = await TestFront.StartAsync();
        var json = Peers.KafkaTs(test.Broker(1).Address, "DESCRIBE_TOPIC_PARTITIONS", new { topics = new[] { new { name = "nope" } }, responsePartitionLimit = 10, cursor = (object?)null });
        Assert.Equal(3, json.GetProperty("errorCode").GetInt32());
    }
}
