using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Client;

namespace KafkaUpgrade.Simulation.Wire.Tests;

/// <summary>Who answers controller requests on ZooKeeper brokers while a migration's quorum runs (KIP-866).</summary>
public sealed class MigrationControllerRequestTests
{
    private static readonly int[] QuorumIds = [3000, 3001, 3002];

    private static async Task<short> ListReassignmentsErrorAsync(TestFront test, int broker)
    {
        await using var connection = await KafkaConnection.ConnectAsync(new KafkaConnectionOptions { Host = "127.0.0.1", Port = test.Broker(broker).Port });
        var request = KafkaApis.Get(ApiKey.ListPartitionReassignments).NewRequest().Set("TimeoutMs", 30_000).Set("Topics", null);
        return (await connection.SendAsync(ApiKey.ListPartitionReassignments, request)).GetInt16("ErrorCode");
    }

    [Fact]
    public async Task BeforeTheKRaftControllerClaimsControllerTheZooKeeperControllerAnswersAndMigrationModeBrokersForward()
    {
        await using var test = await TestFront.ZooKeeperAsync();
        var version = test.State.Brokers.First().Version;
        foreach (var id in QuorumIds)
        {
            await test.Simulator.Provisioner.ProvisionAsync(id, new NodeConfig(version, NodeRoles.Controller, "eu-west-1a", ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: QuorumIds));
        }

        await test.RunUntilAsync(s => s.Quorum is { HasLeader: true } && QuorumIds.All(id => s.FindNode(id) is { IsRunning: true }));
        Assert.Equal(MetadataMode.MigrationQuorumProvisioned, test.State.MetadataMode);
        var zooKeeperController = test.State.ZooKeeperControllerId!.Value;
        var others = test.State.Brokers.Select(b => b.Id).Where(id => id != zooKeeperController).ToList();

        // /controller is still the ZooKeeper controller's: it answers; a broker without the flag does not forward.
        Assert.Equal(0, await ListReassignmentsErrorAsync(test, zooKeeperController));
        Assert.Equal(41, await ListReassignmentsErrorAsync(test, others[0]));

        // In migration mode a ZooKeeper broker forwards controller requests (KIP-866), so it answers too.
        var config = (await test.Simulator.Provisioner.DescribeNodeAsync(others[0]))!.Config with { ZooKeeperMigrationEnabled = true, ControllerQuorumVoters = QuorumIds };
        await test.Simulator.Provisioner.RestartAsync(others[0], config);
        await test.RunUntilAsync(s => s.FindNode(others[0])!.State == NodeState.Running);
        Assert.Equal(0, await ListReassignmentsErrorAsync(test, others[0]));
        Assert.Equal(41, await ListReassignmentsErrorAsync(test, others[1]));
    }
}
