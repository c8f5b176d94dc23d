using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Client;

namespace KafkaUpgrade.Simulation.Wire.Tests;

/// <summary>
/// The controller bootstrap address: one port in front of every KRaft controller, as the DNS name or VIP an operator
/// gives <c>--bootstrap-controller</c> (KIP-853), open before any controller exists.
/// </summary>
public sealed class ControllerBootstrapTests
{
    private static readonly int[] QuorumIds = [3000, 3001, 3002];

    // ApiVersions v0, correlation id 1, client id "t".
    private static readonly byte[] ApiVersionsV0 = Convert.FromHexString("00120000000000010001" + "74");

    private static int Port(TestFront test) => int.Parse(test.Front.ControllerBootstrap.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);

    private static Task<KafkaConnection> ConnectAsync(TestFront test) =>
        KafkaConnection.ConnectAsync(new KafkaConnectionOptions { Host = "127.0.0.1", Port = Port(test), RequestTimeout = TimeSpan.FromSeconds(20) });

    /// <summary>DescribeQuorum of <c>__cluster_metadata</c>: the partition's error code and the leader it names.</summary>
    private static async Task<(short Error, int LeaderId)> DescribeQuorumAsync(KafkaConnection connection)
    {
        var request = KafkaApis.Get(ApiKey.DescribeQuorum).NewRequest();
        request.Add("Topics").Set("TopicName", "__cluster_metadata").Add("Partitions").Set("PartitionIndex", 0);
        var response = await connection.SendAsync(ApiKey.DescribeQuorum, request);
        var partition = response.GetStructs("Topics")![0].GetStructs("Partitions")![0];
        return (partition.GetInt16("ErrorCode"), partition.GetInt32("LeaderId"));
    }

    /// <summary>Which controller serves a connection just opened: the one whose connection count went up.</summary>
    private static int ServedBy(TestFront test, IReadOnlyDictionary<int, int> before) =>
        Assert.Single(test.State.Controllers.Select(c => c.Id), id => test.Front.Ports.ConnectionCount(id, controller: true) == before.GetValueOrDefault(id) + 1);

    private static Dictionary<int, int> Counts(TestFront test) =>
        test.State.Controllers.ToDictionary(c => c.Id, c => test.Front.Ports.ConnectionCount(c.Id, controller: true));

    [Fact]
    public async Task WithoutControllersTheAddressIsOpenAndClosesEveryConnectionAtOnce()
    {
        await using var test = await TestFront.ZooKeeperAsync();
        Assert.Null(test.Front.BootstrapControllers);
        Assert.Contains($"controller-bootstrap: {test.Front.ControllerBootstrap}", test.Front.Banner());
        Assert.Equal(["bootstrap", "controller-bootstrap", "broker-bootstrap", "metrics", "control"], test.Front.Banner().Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]));

        using var client = await RawKafka.ConnectAsync(Port(test));
        await client.SendFrameAsync(ApiVersionsV0);
        Assert.Null(await client.ReadFrameAsync());
    }

    [Fact]
    public async Task ControllersProvisionedDuringAMigrationAnswerDescribeQuorumThroughTheAddress()
    {
        await using var test = await TestFront.ZooKeeperAsync();
        var version = test.State.Brokers.First().Version;
        foreach (var id in QuorumIds)
        {
            await test.Simulator.Provisioner.ProvisionAsync(id, new NodeConfig(version, NodeRoles.Controller, "eu-west-1a", ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: QuorumIds));
        }

        await test.RunUntilAsync(s => s.Quorum is { HasLeader: true } && QuorumIds.All(id => s.FindNode(id) is { IsRunning: true }));
        Assert.Equal(MetadataMode.MigrationQuorumProvisioned, test.State.MetadataMode);
        Assert.Contains("bootstrap-controller", test.Front.Banner().Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]));

        // One connection to each controller in turn: the quorum leader describes the quorum, the others say who leads
        // (KafkaRaftClient answers NOT_LEADER_OR_FOLLOWER away from the leader); no connection is closed.
        var answers = new List<(short Error, int LeaderId)>();
        foreach (var _ in QuorumIds)
        {
            await using var connection = await ConnectAsync(test);

            // KIP-866: a controller run with zookeeper.metadata.migration.enable says so in ApiVersions.
            Assert.True(connection.ApiVersionsResponse.GetBool("ZkMigrationReady"));
            answers.Add(await DescribeQuorumAsync(connection));
        }

        var leader = test.State.Quorum!.LeaderId;
        Assert.Single(answers, a => a.Error == 0);
        Assert.All(answers, a => Assert.Equal(leader, a.LeaderId));
        Assert.All(answers.Where(a => a.Error != 0), a => Assert.Equal(6, a.Error));
    }

    [Fact]
    public async Task SuccessiveConnectionsGoToEachControllerInTurnAndAStoppedOneIsSkipped()
    {
        await using var test = await TestFront.StartAsync();
        var connections = new List<KafkaConnection>();
        try
        {
            // Round robin by node id, as DNS round robin hands out A records; the fourth wraps around.
            var servedBy = new List<int>();
            for (var i = 0; i < QuorumIds.Length + 1; i++)
            {
                var before = Counts(test);
                connections.Add(await ConnectAsync(test));
                servedBy.Add(ServedBy(test, before));
            }

            Assert.Equal([.. QuorumIds, QuorumIds[0]], servedBy);
            Assert.All(connections, c => Assert.False(c.ApiVersionsResponse.GetBool("ZkMigrationReady")));

            // A connection is that controller's own: it goes when the controller stops, as the controller's port does.
            var onStopped = connections[1];
            await test.Simulator.Provisioner.StopAsync(3001);
            await test.RunUntilAsync(s => s.FindNode(3001)!.State == NodeState.Stopped);
            await Assert.ThrowsAsync<KafkaConnectionException>(() => DescribeQuorumAsync(onStopped));

            var afterStop = new List<int>();
            for (var i = 0; i < 4; i++)
            {
                var before = Counts(test);
                connections.Add(await ConnectAsync(test));
                afterStop.Add(ServedBy(test, before));
            }

            Assert.DoesNotContain(3001, afterStop);
            Assert.Equal([3000, 3000, 3002, 3002], afterStop.Order());

            // The quorum is still described through the address by whichever connection reached its leader.
            var answers = new List<(short Error, int LeaderId)>();
            foreach (var connection in connections.TakeLast(2))
            {
                answers.Add(await DescribeQuorumAsync(connection));
            }

            Assert.Single(answers, a => a.Error == 0 && a.LeaderId == test.State.Quorum!.LeaderId);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task TheBrokerBootstrapAddressHandsEachConnectionToARunningBrokerAndSkipsStoppedOnes()
    {
        // What a bootstrap list that outlives node replacement points at (a DNS name over every broker).
        await using var test = await TestFront.ZooKeeperAsync();
        var port = int.Parse(test.Front.BrokerBootstrap.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        var brokers = test.State.Brokers.Select(b => b.Id).Order().ToList();
        await test.Simulator.Provisioner.StopAsync(brokers[0]);
        await test.RunUntilAsync(s => s.FindNode(brokers[0])!.State == NodeState.Stopped);

        var servedBy = new List<int>();
        var connections = new List<KafkaConnection>();
        try
        {
            for (var i = 0; i < brokers.Count; i++)
            {
                var before = brokers.ToDictionary(id => id, id => test.Front.Ports.ConnectionCount(id, controller: false));
                connections.Add(await KafkaConnection.ConnectAsync(new KafkaConnectionOptions { Host = "127.0.0.1", Port = port, RequestTimeout = TimeSpan.FromSeconds(20) }));
                servedBy.Add(Assert.Single(brokers, id => test.Front.Ports.ConnectionCount(id, controller: false) == before[id] + 1));
            }

            Assert.DoesNotContain(brokers[0], servedBy);
            Assert.Equal(brokers.Count - 1, servedBy.Distinct().Count());
            var metadata = await connections[0].SendAsync(ApiKey.Metadata, KafkaApis.Get(ApiKey.Metadata).NewRequest().Set("Topics", null));
            Assert.Equal(test.State.ClusterId, metadata.GetString("ClusterId"));
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
