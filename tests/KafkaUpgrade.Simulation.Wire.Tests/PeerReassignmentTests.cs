using System.Text.Json;
using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Simulation.Wire.Tests;

/// <summary>AlterPartitionReassignments (45), ListPartitionReassignments (46) and ElectLeaders (43): the changes are the simulator's.</summary>
public sealed class PeerReassignmentTests
{
    private static (TopicState Topic, PartitionState Partition, int[] Target) MoveOneReplica(ClusterState state)
    {
        var (topic, partition) = state.AllPartitions.First(p => p.Partition.Replicas.Count == 3 && p.Partition.SizeBytes > 0 && !p.Topic.Name.StartsWith("__", StringComparison.Ordinal));
        var spare = state.Brokers.Select(b => b.Id).First(id => !partition.Replicas.Contains(id));
        return (topic, partition, [.. partition.Replicas.Take(2), spare]);
    }

    [PeerFact("node")]
    public async Task AReassignmentSubmittedWithKafkaTsRunsInTheSimulatorAndCompletesInSimulatedTime()
    {
        await using var test = await TestFront.StartAsync();
        var (topic, partition, target) = MoveOneReplica(test.State);
        var alter = Peers.KafkaTs(test.Broker(1).Address, "ALTER_PARTITION_REASSIGNMENTS", new
        {
            timeoutMs = 30000,
            topics = new[] { new { name = topic.Name, partitions = new[] { new { partitionIndex = partition.Partition, replicas = target } } } },
        });
        Assert.Equal(0, alter.GetProperty("response").GetProperty("errorCode").GetInt32());
        Assert.Equal(0, alter.GetProperty("response").GetProperty("responses")[0].GetProperty("partitions")[0].GetProperty("errorCode").GetInt32());

        var inFlight = Assert.Single(await test.Simulator.Admin.ListPartitionReassignmentsAsync());
        Assert.Equal(new TopicPartition(topic.Name, partition.Partition), inFlight.Partition);
        Assert.Equal([target[2]], inFlight.AddingReplicas);

        // kafkajs (v0, non-flexible) sees the same reassignment.
        var listed = Peers.KafkaJs(test.Front.BootstrapServers, "listPartitionReassignments", new { });
        var reported = listed.GetProperty("result").GetProperty("topics")[0];
        Assert.Equal(topic.Name, reported.GetProperty("name").GetString());
        var p = reported.GetProperty("partitions")[0];
        Assert.Equal(target[2], p.GetProperty("addingReplicas")[0].GetInt32());
        Assert.Equal(inFlight.RemovingReplicas, p.GetProperty("removingReplicas").EnumerateArray().Select(r => r.GetInt32()));

        await test.RunUntilAsync(s => s.InFlightReassignments.Count == 0, TimeSpan.FromHours(2));
        Assert.Equal(target, test.State.Topics.Single(t => t.Name == topic.Name).Partitions.Single(x => x.Partition == partition.Partition).Replicas);
        var after = Peers.KafkaTs(test.Broker(1).Address, "LIST_PARTITION_REASSIGNMENTS", new { timeoutMs = 30000, topics = (object?)null });
        Assert.Equal(0, after.GetProperty("response").GetProperty("topics").GetArrayLength());
    }

    [PeerFact("node")]
    public async Task CancellingNothingIsNoReassignmentInProgressAndAZooKeeperNonControllerSaysNotController()
    {
        await using var test = await TestFront.ZooKeeperAsync();
        var state = test.State;
        var (topic, partition) = state.AllPartitions.First(p => !p.Topic.Name.StartsWith("__", StringComparison.Ordinal));
        var cancel = new
        {
            timeoutMs = 30000,
            topics = new[] { new { name = topic.Name, partitions = new[] { new { partitionIndex = partition.Partition, replicas = (int[]?)null } } } },
        };
        var controller = state.ZooKeeperControllerId!.Value;
        var refused = Peers.KafkaTs(test.Broker(controller).Address, "ALTER_PARTITION_REASSIGNMENTS", cancel);
        Assert.Equal(85, PartitionError(refused));

        var other = state.Brokers.First(b => b.Id != controller).Id;
        var notController = Peers.KafkaTs(test.Broker(other).Address, "ALTER_PARTITION_REASSIGNMENTS", cancel);
        Assert.Equal(41, notController.GetProperty("errorCode").GetInt32());
        Assert.Empty(await test.Simulator.Admin.ListPartitionReassignmentsAsync());
    }

    [PeerFact("node")]
    public async Task KafkaJsAlterPartitionReassignmentsV0IsTheSimulatorsToo()
    {
        await using var test = await TestFront.StartAsync();
        var (topic, partition, target) = MoveOneReplica(test.State);
        var json = Peers.KafkaJs(test.Front.BootstrapServers, "alterPartitionReassignments", new { topics = new[] { new { topic = topic.Name, partitionAssignment = new[] { new { partition = partition.Partition, replicas = target } } } } });
        Assert.False(json.TryGetProperty("error", out _), json.ToString());
        Assert.Equal(target[2], Assert.Single(await test.Simulator.Admin.ListPartitionReassignmentsAsync()).AddingReplicas.Single());
    }

    [PeerFact("node", "librdkafka")]
    public async Task PreferredElectionMovesLeadershipBackAsKafkaTsAndLibrdkafkaAsk()
    {
        await using var test = await TestFront.StartAsync();
        // Move leadership away from the preferred replicas of broker 1: stop it and start it again.
        await test.Simulator.Provisioner.StopAsync(1);
        await test.RunUntilAsync(s => s.FindNode(1)!.State == NodeState.Stopped);
        await test.Simulator.Provisioner.StartAsync(1);
        await test.RunUntilAsync(s => s.FindNode(1)!.IsRunning && s.AllPartitions.Where(p => p.Partition.Replicas.Contains(1)).All(p => p.Partition.Isr.Contains(1)));
        var displaced = test.State.AllPartitions.Where(p => p.Partition.PreferredLeader == 1 && p.Partition.Leader != 1).ToList();
        Assert.True(displaced.Count >= 2, "a restart leaves some preferred leadership elsewhere");

        var (t1, p1) = displaced[0];
        var ts = Peers.KafkaTs(test.Broker(2).Address, "ELECT_LEADERS", new { electionType = 0, timeoutMs = 30000, topicPartitions = new[] { new { topic = t1.Name, partitions = new[] { p1.Partition } } } });
        Assert.Equal(2, ts.GetProperty("version").GetInt32());
        Assert.Equal(0, ts.GetProperty("response").GetProperty("replicaElectionResults")[0].GetProperty("partitionResult")[0].GetProperty("errorCode").GetInt32());
        Assert.Equal(1, Leader(test, t1.Name, p1.Partition));

        var (t2, p2) = displaced[1];
        var rd = Peers.Rdkafka(test.Front.BootstrapServers, "elect-preferred", t2.Name, p2.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("NoError", rd.GetProperty("result")[0].GetProperty("Error").GetString());
        Assert.Equal(1, Leader(test, t2.Name, p2.Partition));

        var again = Peers.Rdkafka(test.Front.BootstrapServers, "elect-preferred", t2.Name, p2.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("ElectionNotNeeded", again.GetProperty("result")[0].GetProperty("Error").GetString());
    }

    private static int Leader(TestFront test, string topic, int partition) =>
        test.State.Topics.Single(t => t.Name == topic).Partitions.Single(p => p.Partition == partition).Leader;

    private static int PartitionError(JsonElement json)
    {
        var response = json.TryGetProperty("response", out var r) ? r : json;
        return response.GetProperty("responses")[0].GetProperty("partitions")[0].GetProperty("errorCode").GetInt32();
    }
}
