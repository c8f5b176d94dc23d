using System.Text.Json;
using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Simulation.Wire.Tests;

/// <summary>DescribeConfigs (32) and IncrementalAlterConfigs (44): the throttle clients set is the simulator's replication throttle.</summary>
public sealed class PeerConfigTests
{
    [PeerFact("librdkafka")]
    public async Task LibrdkafkaSetsDescribesAndDeletesABrokerThrottle()
    {
        await using var test = await TestFront.StartAsync();
        var set = Peers.Rdkafka(test.Front.BootstrapServers, "set-config", "broker", "1", "leader.replication.throttled.rate", "1048576");
        Assert.False(set.TryGetProperty("error", out _), set.ToString());
        var throttle = await test.Simulator.Admin.DescribeReplicationThrottleAsync();
        Assert.NotNull(throttle);
        Assert.Equal(1_048_576, throttle.BytesPerSecond);
        Assert.Equal([1], throttle.Brokers);

        var described = Peers.Rdkafka(test.Front.BootstrapServers, "describe-configs", "broker", "1").GetProperty("result")[0].GetProperty("Entries")
            .EnumerateArray().ToDictionary(e => e.GetProperty("Name").GetString()!);
        Assert.Equal("1048576", described["leader.replication.throttled.rate"].GetProperty("Value").GetString());
        Assert.Equal("DynamicBrokerConfig", described["leader.replication.throttled.rate"].GetProperty("Source").GetString());
        Assert.Equal("1", described["node.id"].GetProperty("Value").GetString());

        Peers.Rdkafka(test.Front.BootstrapServers, "delete-config", "broker", "1", "leader.replication.throttled.rate");
        Assert.Null(await test.Simulator.Admin.DescribeReplicationThrottleAsync());
    }

    [PeerFact("node", "python", "librdkafka")]
    public async Task TopicConfigsAsKafkaJsKafkaPythonAndLibrdkafkaReadThem()
    {
        await using var test = await TestFront.StartAsync();
        var topic = test.State.Topics.First(t => !t.Name.StartsWith("__", StringComparison.Ordinal));
        var expected = topic.MinInsyncReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var js = Peers.KafkaJs(test.Front.BootstrapServers, "describeConfigs", new { resources = new[] { new { type = 2, name = topic.Name } }, includeSynonyms = false });
        var jsEntries = js.GetProperty("result").GetProperty("resources")[0].GetProperty("configEntries").EnumerateArray().ToDictionary(e => e.GetProperty("configName").GetString()!);
        Assert.Equal(expected, jsEntries["min.insync.replicas"].GetProperty("configValue").GetString());

        var py = Peers.PythonKafka(test.Broker(1).Address, "describe_configs", topic.Name).ToString();
        Assert.Contains("min.insync.replicas", py, StringComparison.Ordinal);
        Assert.Contains($"\"{expected}\"", py, StringComparison.Ordinal);

        var rd = Peers.Rdkafka(test.Front.BootstrapServers, "describe-configs", "topic", topic.Name).GetProperty("result")[0].GetProperty("Entries")
            .EnumerateArray().ToDictionary(e => e.GetProperty("Name").GetString()!);
        Assert.Equal(expected, rd["min.insync.replicas"].GetProperty("Value").GetString());

        var unknown = Peers.Rdkafka(test.Front.BootstrapServers, "describe-configs", "topic", "no-such-topic");
        Assert.Equal("UnknownTopicOrPart", unknown.GetProperty("result")[0].GetProperty("Error").GetString());
    }

    [PeerFact("node")]
    public async Task AThrottleSetWithIncrementalAlterConfigsHoldsBackTheSimulatedMoveUntilItIsRemoved()
    {
        await using var test = await TestFront.StartAsync();
        var state = test.State;
        var (topic, partition) = state.AllPartitions.First(p => p.Partition.SizeBytes > 10_000_000 && !p.Topic.Name.StartsWith("__", StringComparison.Ordinal));
        var spare = state.Brokers.Select(b => b.Id).First(id => !partition.Replicas.Contains(id));
        int[] target = [.. partition.Replicas.Take(partition.Replicas.Count - 1), spare];

        object Configs(int operation, string? rate, string? replicas) => new
        {
            validateOnly = false,
            resources = new object[]
            {
                new { resourceType = 4, resourceName = string.Empty, configs = new[] { new { name = "leader.replication.throttled.rate", configOperation = operation, value = rate }, new { name = "follower.replication.throttled.rate", configOperation = operation, value = rate } } },
                new { resourceType = 2, resourceName = topic.Name, configs = new[] { new { name = "leader.replication.throttled.replicas", configOperation = operation, value = replicas }, new { name = "follower.replication.throttled.replicas", configOperation = operation, value = replicas } } },
            },
        };
        var set = Peers.KafkaTs(test.Broker(1).Address, "INCREMENTAL_ALTER_CONFIGS", Configs(0, "1024", "*"));
        Assert.All(set.GetProperty("response").GetProperty("responses").EnumerateArray(), r => Assert.Equal(0, r.GetProperty("errorCode").GetInt32()));
        Assert.Equal(1024, (await test.Simulator.Admin.DescribeReplicationThrottleAsync())!.BytesPerSecond);

        var alter = Peers.KafkaTs(test.Broker(1).Address, "ALTER_PARTITION_REASSIGNMENTS", new
        {
            timeoutMs = 30000,
            topics = new[] { new { name = topic.Name, partitions = new[] { new { partitionIndex = partition.Partition, replicas = target } } } },
        });
        Assert.Equal(0, alter.GetProperty("response").GetProperty("errorCode").GetInt32());
        test.Simulator.Step(TimeSpan.FromMinutes(10));
        Assert.Single(test.State.InFlightReassignments);

        var cleared = Peers.KafkaTs(test.Broker(1).Address, "INCREMENTAL_ALTER_CONFIGS", Configs(1, null, null));
        Assert.All(cleared.GetProperty("response").GetProperty("responses").EnumerateArray(), r => Assert.Equal(0, r.GetProperty("errorCode").GetInt32()));
        Assert.Null(await test.Simulator.Admin.DescribeReplicationThrottleAsync());
        await test.RunUntilAsync(s => s.InFlightReassignments.Count == 0, TimeSpan.FromMinutes(10));
    }

    [PeerFact("node")]
    public async Task AKeyTheSimulationCannotChangeIsRefusedAndNothingChanges()
    {
        await using var test = await TestFront.StartAsync();
        var json = Peers.KafkaTs(test.Broker(1).Address, "INCREMENTAL_ALTER_CONFIGS", new
        {
            validateOnly = false,
            resources = new[] { new { resourceType = 4, resourceName = "1", configs = new[] { new { name = "leader.replication.throttled.rate", configOperation = 0, value = "-5" } } } },
        });
        Assert.Equal(40, json.GetProperty("response").GetProperty("responses")[0].GetProperty("errorCode").GetInt32());
        Assert.Null(await test.Simulator.Admin.DescribeReplicationThrottleAsync());
    }
}
