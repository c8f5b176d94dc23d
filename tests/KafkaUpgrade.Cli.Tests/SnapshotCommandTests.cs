using KafkaUpgrade.Core.Snapshots;

namespace KafkaUpgrade.Cli.Tests;

public class SnapshotCommandTests
{
    [Fact]
    public async Task Generate_writes_a_valid_snapshot_that_is_the_same_for_the_same_seed()
    {
        var a = Path.Combine(Path.GetTempPath(), $"gen-{Guid.NewGuid():N}.json");
        var b = Path.Combine(Path.GetTempPath(), $"gen-{Guid.NewGuid():N}.json");
        try
        {
            var (code, output, _) = await CliRunner.Run("snapshot", "generate", "--brokers", "9", "--partitions", "300", "--topics", "10", "--out", a);
            Assert.Equal(0, code);
            Assert.Contains("9 brokers, 300 partitions", output, StringComparison.Ordinal);
            await CliRunner.Run("snapshot", "generate", "--brokers", "9", "--partitions", "300", "--topics", "10", "--out", b);
            Assert.Equal(await File.ReadAllTextAsync(a), await File.ReadAllTextAsync(b));
            Assert.Equal(300, ClusterSnapshotSerializer.ReadFile(a).PartitionCount);
        }
        finally
        {
            File.Delete(a);
            File.Delete(b);
        }
    }

    [Fact]
    public async Task Bad_sizes_exit_2()
    {
        var (code, _, error) = await CliRunner.Run("snapshot", "generate", "--brokers", "0", "--out", "/tmp/x.json");
        Assert.Equal(2, code);
        Assert.Contains("--brokers", error, StringComparison.Ordinal);
    }
}
