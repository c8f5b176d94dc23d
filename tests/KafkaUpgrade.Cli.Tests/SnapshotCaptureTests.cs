using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Snapshots;
using KafkaUpgrade.Simulation;
using KafkaUpgrade.Simulation.Wire;

namespace KafkaUpgrade.Cli.Tests;

/// <summary><c>snapshot capture</c> against a sample served over Kafka's protocol: the capture is the sample.</summary>
public sealed class SnapshotCaptureTests
{
    [Theory]
    [InlineData("small-zk-3.8.json", false)]
    [InlineData("small-kraft-4.0.json", true)]
    public async Task Capture_of_a_served_sample_equals_the_sample(string sample, bool controllers)
    {
        var expected = ClusterSnapshotSerializer.ReadFile(Path.Combine(AppContext.BaseDirectory, "samples", sample));
        await using var front = await WireFront.StartAsync(KafkaSimulator.Load(expected, new SimulationOptions { Seed = 3 }), new WireFrontOptions { Speed = 0 });
        var file = Path.Combine(Path.GetTempPath(), $"capture-{Guid.NewGuid():N}.json");
        try
        {
            string[] args = controllers
                ? ["snapshot", "capture", "--bootstrap", front.BootstrapServers, "--bootstrap-controller", front.BootstrapControllers!, "-o", file]
                : ["snapshot", "capture", "--bootstrap", front.BootstrapServers, "-o", file];
            var (code, output, error) = await CliRunner.Run(args);

            Assert.True(code == 0, error);
            Assert.Contains($"cluster {expected.ClusterId}", output, StringComparison.Ordinal);
            var captured = ClusterSnapshotSerializer.ReadFile(file);
            Assert.Equal(expected.ClusterId, captured.ClusterId);
            Assert.Equal(expected.MetadataMode, captured.MetadataMode);
            Assert.Equal(expected.Features, captured.Features);
            Assert.Equal(expected.ZooKeeperControllerId, captured.ZooKeeperControllerId);

            // ApiVersions tells the release, not the patch; DescribeLogDirs (the disk size) is a broker API, so a
            // controller-only node's disk is not captured.
            Assert.Equal(Nodes(expected), Nodes(captured));
            Assert.Equal(Partitions(expected), Partitions(captured));
            Assert.Equal(expected.Quorum?.Voters.Select(v => (v.NodeId, v.DirectoryId)), captured.Quorum?.Voters.Select(v => (v.NodeId, v.DirectoryId)));
            Assert.Equal(expected.Quorum?.LeaderId, captured.Quorum?.LeaderId);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Unreachable_and_bad_input_exit_3_and_2()
    {
        var file = Path.Combine(Path.GetTempPath(), $"capture-{Guid.NewGuid():N}.json");
        var (code, _, error) = await CliRunner.Run("snapshot", "capture", "--bootstrap", "127.0.0.1:1", "-o", file);
        Assert.Equal(3, code);
        Assert.Contains("127.0.0.1:1", error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));

        (code, _, error) = await CliRunner.Run("snapshot", "capture", "--bootstrap", "kafka1", "-o", file);
        Assert.Equal(2, code);
        Assert.Contains("'kafka1' is not host:port", error, StringComparison.Ordinal);

        (code, _, error) = await CliRunner.Run("snapshot", "capture", "--bootstrap", "127.0.0.1:9092", "--command-config", "/nonexistent.properties", "-o", file);
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent.properties", error, StringComparison.Ordinal);
    }

    private static List<(int, string?, NodeRoles, int, int, NodeState, long?)> Nodes(ClusterState s) =>
        [.. s.Nodes.OrderBy(n => n.Id).Select(n => (n.Id, n.Rack, n.Roles, n.Version.Major, n.Version.Minor, n.State, n.IsBroker ? n.DiskCapacityBytes : null))];

    private static List<string> Partitions(ClusterState s) =>
        [.. s.Topics.OrderBy(t => t.Name, StringComparer.Ordinal).SelectMany(t => t.Partitions.Select(p =>
            $"{t.Name}-{p.Partition} minIsr={t.MinInsyncReplicas} replicas={string.Join(",", p.Replicas)} isr={string.Join(",", p.Isr)} leader={p.Leader} size={p.SizeBytes}"))];
}
