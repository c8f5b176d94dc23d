using System.Text.Json;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Simulation.Wire.Tests;

/// <summary>DescribeQuorum (55), AddRaftVoter (80), RemoveRaftVoter (81), UpdateFeatures (57), UnregisterBroker (64), DescribeLogDirs (35).</summary>
public sealed class PeerQuorumTests
{
    private static object DescribeQuorumRequest => new { topics = new[] { new { topicName = "__cluster_metadata", partitions = new[] { new { partitionIndex = 0 } } } } };

    [PeerFact("node")]
    public async Task DescribeQuorumOnTheLeaderIsTheSimulatorsQuorumAndOtherControllersAreNotTheLeader()
    {
        await using var test = await TestFront.StartAsync();
        var quorum = test.State.Quorum!;
        var json = Peers.KafkaTs(test.Controller(quorum.LeaderId).Address, "DESCRIBE_QUORUM", DescribeQuorumRequest);
        Assert.Equal(2, json.GetProperty("version").GetInt32());
        var response = json.GetProperty("response");
        var p = response.GetProperty("topics")[0].GetProperty("partitions")[0];
        Assert.Equal(quorum.LeaderId, p.GetProperty("leaderId").GetInt32());
        Assert.Equal(quorum.LeaderEpoch, p.GetProperty("leaderEpoch").GetInt32());
        Assert.Equal($"{quorum.HighWatermark}n", p.GetProperty("highWatermark").GetString());
        var voters = p.GetProperty("currentVoters").EnumerateArray().ToDictionary(v => v.GetProperty("replicaId").GetInt32(), v => Guid.Parse(v.GetProperty("replicaDirectoryId").GetString()!));
        Assert.Equal(quorum.Voters.ToDictionary(v => v.NodeId, v => v.DirectoryId), voters);
        Assert.Equal(quorum.Observers.Select(o => o.NodeId).Order(), p.GetProperty("observers").EnumerateArray().Select(o => o.GetProperty("replicaId").GetInt32()).Order());
        var nodes = response.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("nodeId").GetInt32(), n => n.GetProperty("listeners")[0].GetProperty("port").GetInt32());
        Assert.All(nodes, n => Assert.Equal(test.Controller(n.Key).Port, n.Value));

        var follower = quorum.Voters.First(v => v.NodeId != quorum.LeaderId).NodeId;
        var refused = Peers.KafkaTs(test.Controller(follower).Address, "DESCRIBE_QUORUM", DescribeQuorumRequest);
        Assert.Equal(6, refused.GetProperty("errorCode").GetInt32());
    }

    [PeerFact("node")]
    public async Task DescribeQuorumV1ThroughABrokerAsPlatformaticAsks()
    {
        await using var test = await TestFront.StartAsync();
        var json = Peers.Platformatic(test.Broker(1).Address, "describeQuorumV1", (object)new[] { new { topicName = "__cluster_metadata", partitions = new[] { new { partitionIndex = 0 } } } });
        var p = json.GetProperty("response").GetProperty("topics")[0].GetProperty("partitions")[0];
        Assert.Equal(test.State.Quorum!.LeaderId, p.GetProperty("leaderId").GetInt32());
        Assert.Equal(test.State.Quorum.Voters.Count, p.GetProperty("currentVoters").GetArrayLength());
    }

    [PeerFact("node")]
    public async Task AControllerJoinsAndLeavesTheVoterSetThroughKafkaTs()
    {
        await using var test = await TestFront.StartAsync();
        var leader = test.State.Quorum!.LeaderId;
        var existing = test.State.Controllers.First();
        var node = await test.Simulator.Provisioner.ProvisionAsync(3003, new NodeConfig(existing.Version, NodeRoles.Controller, existing.Rack));
        await test.RunUntilAsync(s => s.Quorum!.Observers.Any(o => o.NodeId == 3003 && o.LastCaughtUpTimestampMs is not null && o.LogEndOffset >= s.Quorum.HighWatermark));

        var add = new
        {
            clusterId = test.State.ClusterId,
            timeoutMs = 30000,
            voterId = 3003,
            voterDirectoryId = node.DirectoryId.ToString("N"),
            listeners = new[] { new { name = "CONTROLLER", host = "127.0.0.1", port = test.Controller(3003).Port } },
        };
        var added = await test.WhileStepping(() => Peers.KafkaTs(test.Controller(leader).Address, "ADD_RAFT_VOTER", add));
        Assert.Equal(0, Response(added).GetProperty("errorCode").GetInt32());
        await test.RunUntilAsync(s => s.Quorum!.Voters.Any(v => v.NodeId == 3003));

        var duplicate = Peers.KafkaTs(test.Controller(test.State.Quorum!.LeaderId).Address, "ADD_RAFT_VOTER", add);
        Assert.Equal(126, Response(duplicate).GetProperty("errorCode").GetInt32());

        var wrongCluster = Peers.KafkaTs(test.Controller(test.State.Quorum.LeaderId).Address, "REMOVE_RAFT_VOTER", new { clusterId = "other", voterId = 3003, voterDirectoryId = node.DirectoryId.ToString("N") });
        Assert.Equal(104, Response(wrongCluster).GetProperty("errorCode").GetInt32());

        var leaderAddress = test.Controller(test.State.Quorum.LeaderId).Address;
        var clusterId = test.State.ClusterId;
        var removed = await test.WhileStepping(() => Peers.KafkaTs(leaderAddress, "REMOVE_RAFT_VOTER", new { clusterId, voterId = 3003, voterDirectoryId = node.DirectoryId.ToString("N") }));
        Assert.Equal(0, Response(removed).GetProperty("errorCode").GetInt32());
        await test.RunUntilAsync(s => s.Quorum!.Voters.All(v => v.NodeId != 3003));
    }

    [PeerFact("node")]
    public async Task UpdateFeaturesRefusesAsKafkaAndASafeDowngradeIsApplied()
    {
        await using var test = await TestFront.StartAsync();
        var controller = test.Controller(test.State.Quorum!.LeaderId).Address;
        var level = test.State.Features.MetadataVersionLevel!.Value;
        object Update(int to, int type, bool validateOnly) => new { timeoutMs = 30000, validateOnly, featureUpdates = new[] { new { feature = "metadata.version", maxVersionLevel = to, upgradeType = type } } };

        var downgradeAsUpgrade = Peers.KafkaTs(controller, "UPDATE_FEATURES", Update(level - 1, 1, false));
        Assert.Equal(95, Response(downgradeAsUpgrade).GetProperty("errorCode").GetInt32());
        var beyondSupport = Peers.KafkaTs(controller, "UPDATE_FEATURES", Update(level + 1, 1, false));
        Assert.Equal(95, Response(beyondSupport).GetProperty("errorCode").GetInt32());
        var unsafeDowngrade = Peers.KafkaTs(controller, "UPDATE_FEATURES", Update(level - 1, 3, false));
        Assert.Equal(95, Response(unsafeDowngrade).GetProperty("errorCode").GetInt32());

        var validateOnly = Peers.KafkaTs(controller, "UPDATE_FEATURES", Update(level - 1, 2, true));
        Assert.Equal(0, Response(validateOnly).GetProperty("errorCode").GetInt32());
        Assert.Equal(level, test.State.Features.MetadataVersionLevel);
        var applied = Peers.KafkaTs(controller, "UPDATE_FEATURES", Update(level - 1, 2, false));
        Assert.Equal(0, Response(applied).GetProperty("errorCode").GetInt32());
        Assert.Equal(level - 1, test.State.Features.MetadataVersionLevel);

        var notActive = test.State.Controllers.First(c => c.Id != test.State.Quorum.LeaderId).Id;
        var refused = Peers.KafkaTs(test.Controller(notActive).Address, "UPDATE_FEATURES", Update(level, 1, false));
        Assert.Equal(41, Response(refused).GetProperty("errorCode").GetInt32());
    }

    [PeerFact("node")]
    public async Task UnregisterBrokerRemovesADecommissionedRegistrationOnce()
    {
        await using var test = await TestFront.StartAsync();
        var unknown = Peers.KafkaTs(test.Broker(1).Address, "UNREGISTER_BROKER", new { brokerId = 999 });
        Assert.Equal(102, Response(unknown).GetProperty("errorCode").GetInt32());

        var template = test.State.FindNode(1)!;
        await test.Simulator.Provisioner.ProvisionAsync(104, new NodeConfig(template.Version, NodeRoles.Broker, template.Rack));
        await test.RunUntilAsync(s => s.FindNode(104)?.IsRunning == true);
        await test.Simulator.Provisioner.DecommissionAsync(104);
        await test.RunUntilAsync(s => s.FindNode(104)?.State == NodeState.Decommissioned);
        var done = Peers.KafkaTs(test.Broker(1).Address, "UNREGISTER_BROKER", new { brokerId = 104 });
        Assert.Equal(0, Response(done).GetProperty("errorCode").GetInt32());
        var again = Peers.KafkaTs(test.Broker(1).Address, "UNREGISTER_BROKER", new { brokerId = 104 });
        Assert.Equal(102, Response(again).GetProperty("errorCode").GetInt32());
    }

    [PeerFact("node")]
    public async Task DescribeLogDirsListsTheReplicasTheBrokerHolds()
    {
        await using var test = await TestFront.StartAsync();
        var json = Peers.KafkaTs(test.Broker(1).Address, "DESCRIBE_LOG_DIRS", new { topics = (object?)null });
        var dir = Response(json).GetProperty("results")[0];
        Assert.Equal("/var/lib/kafka/data", dir.GetProperty("logDir").GetString());
        var held = dir.GetProperty("topics").EnumerateArray()
            .SelectMany(t => t.GetProperty("partitions").EnumerateArray().Select(p => (t.GetProperty("name").GetString()!, p.GetProperty("partitionIndex").GetInt32())))
            .Order().ToList();
        var expected = test.State.AllPartitions.Where(p => p.Partition.Replicas.Contains(1)).Select(p => (p.Topic.Name, p.Partition.Partition)).Order().ToList();
        Assert.Equal(expected, held);
        Assert.Equal($"{test.State.FindNode(1)!.DiskCapacityBytes}n", dir.GetProperty("totalBytes").GetString());
    }

    private static JsonElement Response(JsonElement json) => json.GetProperty("response");
}
