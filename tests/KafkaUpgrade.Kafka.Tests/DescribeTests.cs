using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Kafka.Tests;

public sealed class DescribeTests
{
    [Theory]
    [InlineData("small-kraft-4.0.json")]
    [InlineData("small-zk-3.8.json")]
    public async Task Describe_over_the_wire_shows_the_served_cluster(string sample)
    {
        await using var cluster = await WireCluster.StartAsync(sample);
        var expected = cluster.State;

        var actual = await cluster.Admin.DescribeClusterAsync();

        Assert.Equal(expected.ClusterId, actual.ClusterId);
        Assert.Equal(expected.MetadataMode, actual.MetadataMode);
        Assert.Equal(expected.Features, actual.Features);
        Assert.Equal(expected.Nodes.Select(n => (n.Id, n.Rack, n.Roles, n.State, n.Version.Major, n.Version.Minor)), actual.Nodes.Select(n => (n.Id, n.Rack, n.Roles, n.State, n.Version.Major, n.Version.Minor)));
        Assert.Equal(expected.Topics.Select(t => t.Name).Order(), actual.Topics.Select(t => t.Name));
        foreach (var (want, got) in expected.Topics.OrderBy(t => t.Name, StringComparer.Ordinal).Zip(actual.Topics))
        {
            Assert.Equal(want.MinInsyncReplicas, got.MinInsyncReplicas);
            Assert.Equal(want.Partitions.Select(p => (p.Partition, string.Join(",", p.Replicas), string.Join(",", p.Isr), p.Leader, p.SizeBytes)), got.Partitions.Select(p => (p.Partition, string.Join(",", p.Replicas), string.Join(",", p.Isr), p.Leader, p.SizeBytes)));
        }

        Assert.Equal(expected.Quorum?.LeaderId, actual.Quorum?.LeaderId);
        Assert.Equal(expected.Quorum?.Voters.Select(v => (v.NodeId, v.DirectoryId)), actual.Quorum?.Voters.Select(v => (v.NodeId, v.DirectoryId)));
        Assert.Equal(expected.ZooKeeperControllerId, actual.ZooKeeperControllerId);
    }

    [Fact]
    public async Task The_pinned_protocol_version_is_read_from_the_controller_broker_whichever_broker_bootstraps()
    {
        // A broker resource is described by that broker only: bootstrapping from another broker than the ZooKeeper
        // controller must still read the controller's inter.broker.protocol.version (found by the wire demo).
        await using var cluster = await WireCluster.StartAsync("small-zk-3.8.json");
        var controller = cluster.State.ZooKeeperControllerId!.Value;
        var other = cluster.Front.Endpoints.First(e => !e.IsController && e.NodeId != controller);
        var options = new Connection.KafkaClientOptions { BootstrapServers = [other.Address], RequestTimeout = TimeSpan.FromSeconds(10), MaxAttempts = 3 };
        await using var admin = WireCluster.Bind(cluster.Front, controllers: false, metrics: false, cluster.State.ClusterId, options);

        var described = await admin.DescribeClusterAsync();

        Assert.Equal(cluster.State.Features.InterBrokerProtocolVersion, described.Features.InterBrokerProtocolVersion);
    }

    [Fact]
    public async Task Once_connected_the_cluster_stays_reachable_when_every_bootstrap_broker_is_gone()
    {
        // Node replacement retires every broker the bootstrap list names: like Kafka's own clients, the adapter then
        // reaches the cluster through the brokers the last Metadata answer listed.
        await using var cluster = await WireCluster.StartAsync("small-kraft-4.0.json");
        var first = cluster.Front.Endpoints.First(e => !e.IsController);
        var options = new Connection.KafkaClientOptions { BootstrapServers = [first.Address], RequestTimeout = TimeSpan.FromSeconds(10), MaxAttempts = 3 };
        await using var admin = WireCluster.Bind(cluster.Front, controllers: false, metrics: false, cluster.State.ClusterId, options);
        _ = await admin.DescribeClusterAsync();

        cluster.Simulator.CrashNode(first.NodeId);

        // Until its session times out (broker.session.timeout.ms, 9 s) Metadata still lists it, and a broker whose
        // log dirs cannot be read fails the description rather than being taken for empty.
        cluster.Simulator.Step(TimeSpan.FromSeconds(30));
        await cluster.Front.SyncAsync();
        var described = await admin.DescribeClusterAsync();

        Assert.Equal(cluster.State.ClusterId, described.ClusterId);
        Assert.DoesNotContain(described.Nodes, n => n.Id == first.NodeId && n.State == NodeState.Running);
    }

    [Fact]
    public async Task A_restarted_node_is_judged_by_what_its_new_process_advertises_not_a_kept_connection()
    {
        // The wire demo found it: the connection kept from before a binary swap still held the old ApiVersions.
        await using var cluster = await WireCluster.StartAsync("small-kraft-4.0.json");
        var broker = cluster.State.Brokers.First();
        Assert.Equal((4, 0), VersionOf(await cluster.Admin.DescribeClusterAsync(), broker.Id));

        await cluster.Simulator.Provisioner.RestartAsync(broker.Id, cluster.Simulator.DescribeNodes().Single(n => n.Info.NodeId == broker.Id).Info.Config with { Version = KafkaVersion.Parse("4.1.0") });
        await cluster.RunUntilAsync(s => s.FindNode(broker.Id) is { State: NodeState.Running } n && n.Version.Minor == 1);

        Assert.Equal((4, 1), VersionOf(await cluster.Admin.DescribeClusterAsync(), broker.Id));
    }

    private static (int, int) VersionOf(ClusterState state, int id) => state.FindNode(id) is { } n ? (n.Version.Major, n.Version.Minor) : (0, 0);
}
