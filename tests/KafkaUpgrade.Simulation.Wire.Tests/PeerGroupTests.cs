using System.Globalization;
using KafkaUpgrade.Simulation.Traffic;

namespace KafkaUpgrade.Simulation.Wire.Tests;

/// <summary>FindCoordinator (10), ListGroups (16), DescribeGroups (15), OffsetFetch (9), ListOffsets (2), SaslHandshake (17), SaslAuthenticate (36).</summary>
public sealed class PeerGroupTests
{
    private static async Task<TestFront> WithTrafficAsync()
    {
        var test = await TestFront.StartAsync();
        test.Simulator.StartTraffic(new TrafficSpec(20_000));
        test.Simulator.Step(TimeSpan.FromSeconds(30));
        await test.Front.SyncAsync();
        return test;
    }

    [PeerFact("librdkafka")]
    public async Task LibrdkafkaListsDescribesAndReadsTheOffsetsOfTheSimulatedGroups()
    {
        await using var test = await WithTrafficAsync();
        var offsets = test.Simulator.DescribeOffsets();
        var groups = offsets.Where(o => o.ConsumerGroup is not null).Select(o => o.ConsumerGroup!).Distinct().Order().ToList();
        Assert.NotEmpty(groups);

        var listed = Peers.Rdkafka(test.Front.BootstrapServers, "list-groups").GetProperty("result").EnumerateArray().Select(g => g.GetProperty("GroupId").GetString()!).Order().ToList();
        Assert.Equal(groups, listed);

        var described = Peers.Rdkafka(test.Front.BootstrapServers, "describe-groups", groups[0]).GetProperty("result")[0];
        Assert.Equal("Stable", described.GetProperty("State").GetString());
        Assert.Equal(1, described.GetProperty("Members").GetInt32());

        var one = offsets.First(o => o.ConsumerGroup == groups[0]);
        var committed = Peers.Rdkafka(test.Front.BootstrapServers, "group-offsets", groups[0], one.Partition.Topic, one.Partition.Partition.ToString(CultureInfo.InvariantCulture)).GetProperty("result")[0];
        Assert.Equal(test.Simulator.DescribeOffsets().Single(o => o.Partition == one.Partition).CommittedOffset, committed.GetProperty("Offset").GetInt64());

        var latest = Peers.Rdkafka(test.Front.BootstrapServers, "list-offsets", one.Partition.Topic, one.Partition.Partition.ToString(CultureInfo.InvariantCulture)).GetProperty("result")[0];
        Assert.Equal(test.Simulator.DescribeOffsets().Single(o => o.Partition == one.Partition).HighWatermark, latest.GetProperty("Offset").GetInt64());
        Assert.True(latest.GetProperty("Offset").GetInt64() > 0);
    }

    [PeerFact("node")]
    public async Task KafkaJsReadsGroupsCommittedOffsetsAndTopicOffsets()
    {
        await using var test = await WithTrafficAsync();
        var offsets = test.Simulator.DescribeOffsets();
        var one = offsets.First(o => o.ConsumerGroup is not null && !o.Partition.Topic.StartsWith("__", StringComparison.Ordinal));
        var groups = Peers.KafkaJs(test.Front.BootstrapServers, "listGroups").GetProperty("result").GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("groupId").GetString()).ToList();
        Assert.Contains(one.ConsumerGroup, groups);

        var described = Peers.KafkaJs(test.Front.BootstrapServers, "describeGroups", new[] { one.ConsumerGroup }).GetProperty("result").GetProperty("groups")[0];
        Assert.Equal("Stable", described.GetProperty("state").GetString());
        Assert.Equal("consumer", described.GetProperty("protocolType").GetString());

        var fetched = Peers.KafkaJs(test.Front.BootstrapServers, "fetchOffsets", new { groupId = one.ConsumerGroup, topics = new[] { one.Partition.Topic } }).GetProperty("result")[0].GetProperty("partitions")
            .EnumerateArray().ToDictionary(p => p.GetProperty("partition").GetInt32(), p => long.Parse(p.GetProperty("offset").GetString()!, CultureInfo.InvariantCulture));
        foreach (var o in offsets.Where(o => o.Partition.Topic == one.Partition.Topic))
        {
            Assert.Equal(o.CommittedOffset, fetched[o.Partition.Partition]);
        }

        var topicOffsets = Peers.KafkaJs(test.Front.BootstrapServers, "fetchTopicOffsets", one.Partition.Topic).GetProperty("result")
            .EnumerateArray().ToDictionary(p => p.GetProperty("partition").GetInt32(), p => long.Parse(p.GetProperty("high").GetString()!, CultureInfo.InvariantCulture));
        foreach (var o in offsets.Where(o => o.Partition.Topic == one.Partition.Topic))
        {
            Assert.Equal(o.HighWatermark, topicOffsets[o.Partition.Partition]);
        }
    }

    [PeerFact("python")]
    public async Task KafkaPythonListsTheGroups()
    {
        await using var test = await WithTrafficAsync();
        var expected = test.Simulator.DescribeOffsets().Where(o => o.ConsumerGroup is not null).Select(o => o.ConsumerGroup!).Distinct().Order().ToList();
        var listed = Peers.PythonKafka(test.Broker(1).Address, "list_groups").GetProperty("result").EnumerateArray().Select(g => g[0].GetString()!).Order().ToList();
        Assert.Equal(expected, listed);
    }

    [PeerFact("node")]
    public async Task FindCoordinatorNamesTheBrokerThatAnswersForTheGroupAndOthersAreNotCoordinator()
    {
        await using var test = await WithTrafficAsync();
        var group = test.Simulator.DescribeOffsets().First(o => o.ConsumerGroup is not null).ConsumerGroup!;
        var json = Peers.KafkaTs(test.Broker(1).Address, "FIND_COORDINATOR", new { keyType = 0, keys = new[] { group } });
        var coordinator = json.GetProperty("response").GetProperty("coordinators")[0];
        var id = coordinator.GetProperty("nodeId").GetInt32();
        Assert.Equal(test.Broker(id).Port, coordinator.GetProperty("port").GetInt32());
        var offsetsTopic = test.State.Topics.Single(t => t.Name == "__consumer_offsets");
        var hash = 0;
        foreach (var c in group)
        {
            hash = unchecked((31 * hash) + c);
        }

        Assert.Equal(offsetsTopic.Partitions.Single(p => p.Partition == (hash & 0x7fffffff) % offsetsTopic.Partitions.Count).Leader, id);

        var other = test.State.Brokers.First(b => b.Id != id).Id;
        var refused = Peers.Platformatic(test.Broker(other).Address, "describeGroupsV5", new[] { group }, false);
        Assert.Equal(16, refused.GetProperty("response").GetProperty("groups")[0].GetProperty("errorCode").GetInt32());
    }

    [PeerFact("node")]
    public async Task SaslOnThePlaintextListenersIsAnIllegalState()
    {
        await using var test = await TestFront.StartAsync();
        var handshake = Peers.KafkaTs(test.Broker(1).Address, "SASL_HANDSHAKE", new { mechanism = "PLAIN" });
        Assert.Equal(34, handshake.GetProperty("errorCode").GetInt32());
        var authenticate = Peers.KafkaTs(test.Broker(1).Address, "SASL_AUTHENTICATE", new { authBytes = "base64:AHVzZXIAcGFzcw==" });
        Assert.Equal(34, authenticate.GetProperty("errorCode").GetInt32());
    }
}
