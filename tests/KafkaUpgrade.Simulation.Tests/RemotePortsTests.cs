using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.Remote;
using static KafkaUpgrade.Simulation.Tests.SimTestClusters;

namespace KafkaUpgrade.Simulation.Tests;

public class RemotePortsTests
{
    [Fact]
    public async Task The_remote_ports_answer_and_refuse_exactly_as_the_local_ones()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        await using var server = await SimulatorServer.StartAsync(sim);
        var (admin, provisioner) = RemotePorts.Connect(server.Address);

        var remote = await admin.DescribeClusterAsync();
        Assert.Equal(Core.Snapshots.ClusterSnapshotSerializer.Write(sim.Snapshot()), Core.Snapshots.ClusterSnapshotSerializer.Write(remote));

        var errors = await admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?>
        {
            [new TopicPartition("t", 0)] = [1, 1],
            [new TopicPartition("t", 1)] = null,
        });
        Assert.Equal(KafkaError.InvalidReplicaAssignment, errors[new TopicPartition("t", 0)].Error);
        Assert.Equal(KafkaError.NoReassignmentInProgress, errors[new TopicPartition("t", 1)].Error);

        var refused = await Assert.ThrowsAsync<KafkaApiException>(() => admin.DescribeQuorumAsync());
        Assert.Equal(KafkaError.UnsupportedVersion, refused.Error);
        Assert.DoesNotContain("UNSUPPORTED_VERSION: UNSUPPORTED_VERSION", refused.Message, StringComparison.Ordinal);

        var info = await provisioner.ProvisionAsync(4, ZkBroker(V38, "r1"));
        Assert.Equal(NodeState.Provisioning, info.State);
        await provisioner.StopAsync(1);
        Assert.Equal(NodeState.ShuttingDown, (await provisioner.DescribeNodeAsync(1))!.State);
        Assert.Null(await provisioner.DescribeNodeAsync(99));
        var missing = await Assert.ThrowsAsync<NodeProvisioningException>(() => provisioner.StartAsync(99));
        Assert.Equal(99, missing.NodeId);
    }
}
