using System.Text.Json;

namespace KafkaUpgrade.Cli.Tests;

/// <summary>
/// The README's main command and the rehearsal, through the entry point: the last line is one JSON object whose
/// fields say the upgrade completed with nothing lost and no safety rule broken.
/// </summary>
public class DemoAndRehearseTests
{
    [Fact]
    public async Task Demo_takes_the_sample_from_zookeeper_38_to_the_newest_4x_in_kraft_losing_nothing()
    {
        var (code, output, error) = await CliRunner.Run("demo", "--json");
        var report = LastJson(output);
        Assert.True(code == 0, $"exit {code}: {error}\n{output[^Math.Min(output.Length, 2000)..]}");
        AssertUpgradedToNewest(report);
        Assert.Equal(0, report.GetProperty("workerKills").GetInt32());
        Assert.Equal("in-process", report.GetProperty("binding").GetString());
    }

    [Fact]
    public async Task Demo_over_the_wire_with_chaos_reaches_the_same_final_state_through_the_kafka_adapter_and_hooks()
    {
        // The worker processes bind the cluster with the kafka adapter: Kafka's protocol to the broker and controller
        // bootstrap addresses, the nodes' Prometheus metrics, every node change through the simulate hook scripts;
        // each is SIGKILLed in turn and a new one takes over. Same end state and zero-loss assertions as in process.
        var (code, output, error) = await CliRunner.Run("demo", "--wire", "--chaos", "--kills", "3", "--json");
        var report = LastJson(output);
        Assert.True(code == 0, $"exit {code}: {error}\n{output[^Math.Min(output.Length, 4000)..]}");
        AssertUpgradedToNewest(report);
        Assert.Equal(3, report.GetProperty("workerKills").GetInt32());
        Assert.Equal("kafka-protocol", report.GetProperty("binding").GetString());

        // Each kill happened at a different point of the upgrade: the monkey waits for progress after a restart.
        var kills = output.Split('\n').Where(l => l.Contains("chaos: SIGKILLed", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, kills.Count);
        var points = kills.Select(l => l[(l.IndexOf("during '", StringComparison.Ordinal) + 8)..l.IndexOf("' (kill", StringComparison.Ordinal)]).ToList();
        Assert.Equal(points.Count, points.Distinct().Count());
    }

    [Fact]
    public async Task Rehearse_runs_the_real_workflows_on_a_copy_of_the_snapshot_and_reports_the_risk()
    {
        var (code, output, error) = await CliRunner.Run("rehearse", "--snapshot", CliRunner.Sample, "--to", "3.9", "--strategy", "rolling", "--speed", "3000", "--json");
        var report = LastJson(output);
        Assert.True(code == 0, $"exit {code}: {error}");
        Assert.Equal("completed", report.GetProperty("status").GetString());
        Assert.Equal("3.9", report.GetProperty("toVersion").GetString());
        Assert.Equal("ZooKeeper", report.GetProperty("finalMetadataMode").GetString());
        Assert.Equal("3.9-IV0", report.GetProperty("finalMetadataVersion").GetString());
        Assert.Equal(0, report.GetProperty("lostAckedWrites").GetInt64());
        Assert.Equal(0, report.GetProperty("minIsrViolations").GetInt64());

        // A rolling restart cannot keep replication-factor-1 partitions writable: the rehearsal says which and how long.
        Assert.True(report.GetProperty("partitionsUnavailable").GetInt32() > 0);
        var longest = report.GetProperty("longestUnavailable")[0];
        Assert.True(longest.GetProperty("seconds").GetDouble() > 0);
        AssertLowerBoundAndOverhead(report);
        var text = (await CliRunner.Run("rehearse", "--snapshot", CliRunner.Sample, "--to", "3.9", "--strategy", "rolling", "--speed", "3000")).Out;
        Assert.Contains("partition(s) were unwritable", text, StringComparison.Ordinal);
        Assert.Contains("lower bound for this plan", text, StringComparison.Ordinal);
        Assert.Contains("orchestration overhead above it", text, StringComparison.Ordinal);
    }

    private static void AssertUpgradedToNewest(JsonElement report)
    {
        Assert.Equal("completed", report.GetProperty("status").GetString());
        Assert.Equal("3.8.1", report.GetProperty("fromVersion").GetString());
        Assert.Equal("4.3", report.GetProperty("toVersion").GetString());
        Assert.Equal("KRaft", report.GetProperty("finalMetadataMode").GetString());
        Assert.Equal("4.3-IV0", report.GetProperty("finalMetadataVersion").GetString());
        Assert.Equal(6, report.GetProperty("brokers").GetInt32());
        Assert.True(report.GetProperty("partitionsMoved").GetInt64() >= 3 * 304);
        Assert.True(report.GetProperty("bytesMoved").GetInt64() > 0);
        Assert.True(report.GetProperty("ackedWrites").GetInt64() > 0);
        Assert.Equal(0, report.GetProperty("lostAckedWrites").GetInt64());
        Assert.Equal(0, report.GetProperty("minIsrViolations").GetInt64());
        Assert.Equal(0, report.GetProperty("unsafeRemovals").GetInt64());
        Assert.True(report.GetProperty("throttleCleared").GetBoolean());
        Assert.True(report.GetProperty("simulatedSeconds").GetDouble() > 0);
        Assert.True(report.GetProperty("wallSeconds").GetDouble() > 0);
        Assert.Equal(7, report.GetProperty("hops").GetArrayLength());
        AssertLowerBoundAndOverhead(report);
    }

    /// <summary>The floor is positive, the run took at least that long, and the overhead is the difference.</summary>
    private static void AssertLowerBoundAndOverhead(JsonElement report)
    {
        var bound = report.GetProperty("lowerBoundSeconds").GetDouble();
        var overhead = report.GetProperty("overheadSeconds").GetDouble();
        var took = report.GetProperty("simulatedSeconds").GetDouble();
        Assert.True(bound > 0, $"lower bound {bound}");
        Assert.True(overhead >= 0, $"the run ({took} s) beat its own lower bound ({bound} s)");
        // simulatedSeconds also counts the 5 s of traffic before the upgrade starts, which the overhead leaves out.
        Assert.InRange(bound + overhead, took - 5.5, took + 0.2);
    }

    private static JsonElement LastJson(string output)
    {
        var last = output.TrimEnd().Split('\n')[^1];
        using var doc = JsonDocument.Parse(last);
        return doc.RootElement.Clone();
    }
}
