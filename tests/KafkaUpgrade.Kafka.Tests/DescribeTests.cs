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
}
