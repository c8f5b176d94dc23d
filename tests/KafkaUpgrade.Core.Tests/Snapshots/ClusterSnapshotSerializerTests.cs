using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Snapshots;
using static KafkaUpgrade.Core.Tests.TestSupport.TestClusters;

namespace KafkaUpgrade.Core.Tests.Snapshots;

public class ClusterSnapshotSerializerTests
{
    private const string Minimal = """
        {
          "clusterId": "c1",
          "metadataMode": "ZooKeeper",
          "features": { "interBrokerProtocolVersion": "3.8-IV0" },
          "nodes": [
            { "id": 1, "rack": "a", "roles": ["broker"], "version": "3.8.0" },
            { "id": 2, "rack": "b", "roles": ["broker"], "version": "3.8.0" }
          ],
          "topics": [
            { "name": "orders", "minInsyncReplicas": 1, "partitions": [
              { "partition": 0, "replicas": [1, 2], "isr": [1, 2], "leader": 1, "sizeBytes": 1024 }
            ] }
          ]
        }
        """;

    [Fact]
    public void Reads_a_minimal_snapshot_with_defaults_for_optional_fields()
    {
        var state = ClusterSnapshotSerializer.Read(Minimal);
        Assert.Equal("c1", state.ClusterId);
        Assert.Equal(MetadataMode.ZooKeeper, state.MetadataMode);
        Assert.All(state.Nodes, n => Assert.Equal(NodeState.Running, n.State));
        var partition = state.Topics.Single().Partitions.Single();
        Assert.Equal([1, 2], partition.Replicas);
        Assert.Equal(1024, partition.SizeBytes);
        Assert.Equal(0, partition.LeaderEpoch);
    }

    [Fact]
    public void Round_trip_keeps_every_field()
    {
        var nodes = new[] { Controller(100), Broker(1), Broker(2) with { DiskCapacityBytes = 1L << 40 }, Broker(3, state: NodeState.Stopped) };
        var quorum = new QuorumState(100, 7, 4242, [new QuorumMember(100, Guid.NewGuid(), 4242, 99, 98)], [new QuorumMember(1, Guid.Empty, 4200, null, null)]);
        var state = KRaft(nodes, quorum, Topic("t", 2, Partition(0, [1, 2, 3], [1, 2], 2, 5_000) with { LeaderEpoch = 9 })) with
        {
            Reassignments = [new ReassignmentState(new TopicPartition("t", 0), [1, 2, 3], [3], [])],
        };

        var json = ClusterSnapshotSerializer.Write(state);
        var back = ClusterSnapshotSerializer.Read(json);

        Assert.Equal(json, ClusterSnapshotSerializer.Write(back));
        Assert.Equal(state.Nodes, back.Nodes);
        Assert.Equal(quorum.Voters, back.Quorum!.Voters);
        Assert.Equal(9, back.Topics[0].Partitions[0].LeaderEpoch);
        Assert.Equal(new TopicPartition("t", 0), back.InFlightReassignments.Single().Partition);
    }

    [Theory]
    [InlineData("\"clusterId\": \"c1\",", "", "$.clusterId", "is required")]
    [InlineData("\"leader\": 1", "\"leader\": \"one\"", "$.topics[0].partitions[0].leader", "expected a 32-bit integer")]
    [InlineData("\"roles\": [\"broker\"], \"version\": \"3.8.0\" },", "\"roles\": [\"broker\"], \"version\": \"three\" },", "$.nodes[0].version", "not a Kafka version")]
    [InlineData("\"metadataMode\": \"ZooKeeper\"", "\"metadataMode\": \"Zk\"", "$.metadataMode", "not one of")]
    [InlineData("\"roles\": [\"broker\"], \"version\": \"3.8.0\" },", "\"roles\": [\"brokr\"], \"version\": \"3.8.0\" },", "$.nodes[0].roles[0]", "not a role")]
    public void Malformed_fields_are_reported_with_their_path(string find, string replace, string path, string message)
    {
        var ex = Assert.Throws<SnapshotFormatException>(() => ClusterSnapshotSerializer.Read(Minimal.Replace(find, replace, StringComparison.Ordinal)));
        Assert.Equal(path, ex.Path);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"replicas\": [1, 2], \"isr\": [1, 2]", "\"replicas\": [1, 2], \"isr\": [1, 3]", "$.topics[orders].partitions[0].isr", "not a subset")]
    [InlineData("\"replicas\": [1, 2], \"isr\": [1, 2]", "\"replicas\": [1, 9], \"isr\": [1]", "$.topics[orders].partitions[0].replicas", "unknown node 9")]
    [InlineData("{ \"id\": 2,", "{ \"id\": 1,", "$.nodes[1].id", "duplicate node id 1")]
    [InlineData("\"version\": \"3.8.0\" },\n    { \"id\": 2", "\"version\": \"3.10.0\" },\n    { \"id\": 2", "$.nodes[0].version", "not in the version catalog")]
    public void Contradictions_are_rejected_naming_the_item(string find, string replace, string path, string message)
    {
        var json = Minimal.ReplaceLineEndings("\n").Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Minimal.ReplaceLineEndings("\n"), json);
        var ex = Assert.Throws<SnapshotFormatException>(() => ClusterSnapshotSerializer.Read(json));
        Assert.Equal(path, ex.Path);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_reports_the_line()
    {
        var ex = Assert.Throws<SnapshotFormatException>(() => ClusterSnapshotSerializer.Read("{ \"clusterId\": }"));
        Assert.StartsWith("$ (line 1", ex.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_format_version_is_refused()
    {
        var ex = Assert.Throws<SnapshotFormatException>(() => ClusterSnapshotSerializer.Read(Minimal.Replace("{\n  \"clusterId\"", "{ \"formatVersion\": 2,\n  \"clusterId\"", StringComparison.Ordinal).Replace("{\r\n  \"clusterId\"", "{ \"formatVersion\": 2,\r\n  \"clusterId\"", StringComparison.Ordinal)));
        Assert.Equal("$.formatVersion", ex.Path);
    }

    [Fact]
    public void A_missing_file_names_the_file()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => ClusterSnapshotSerializer.ReadFile("/nonexistent/snap.json"));
        Assert.Contains("/nonexistent/snap.json", ex.Message, StringComparison.Ordinal);
    }
}
