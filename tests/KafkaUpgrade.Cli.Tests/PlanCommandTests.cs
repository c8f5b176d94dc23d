using System.Text.Json;

namespace KafkaUpgrade.Cli.Tests;

public class PlanCommandTests
{
    [Fact]
    public async Task Plans_the_sample_to_41_as_text()
    {
        var (code, output, error) = await CliRunner.Run("plan", "--snapshot", CliRunner.Sample, "--to", "4.1");
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Contains("Kafka 3.8.1 (ZooKeeper) -> 4.1 (KRaft)", output, StringComparison.Ordinal);
        Assert.Contains("MigrateToKRaft", output, StringComparison.Ordinal);
        Assert.Contains("[approval required: rollback boundary]", output, StringComparison.Ordinal);
        Assert.Contains("Ready to start.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_is_one_object_with_hops_and_verdicts()
    {
        var (code, output, _) = await CliRunner.Run("plan", "-s", CliRunner.Sample, "--to", "3.9", "--strategy", "rolling", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("small-zk-3-8", root.GetProperty("clusterId").GetString());
        Assert.Equal("RollingUpgrade", root.GetProperty("strategy").GetString());
        Assert.True(root.GetProperty("readyToStart").GetBoolean());
        var hop = root.GetProperty("hops")[0];
        Assert.Equal("SoftwareUpgrade", hop.GetProperty("kind").GetString());
        Assert.True(hop.GetProperty("verdicts").GetArrayLength() > 0);
        Assert.True(hop.GetProperty("estimatedSeconds").GetDouble() > 0);
    }

    [Theory]
    [InlineData("--to", "banana", "--to 'banana' is not a Kafka version")]
    [InlineData("--to", "3.7", "downgrade")]
    [InlineData("--to", "9.9", "9.9")]
    [InlineData("--strategy", "sideways", "--strategy 'sideways' is not one of: replace, rolling")]
    [InlineData("--batch-size", "0", "batch size must be at least 1, was 0")]
    public async Task Bad_input_exits_2_and_names_the_problem(string option, string value, string message)
    {
        var args = new List<string> { "plan", "--snapshot", CliRunner.Sample, "--to", "4.1" };
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var (code, output, error) = await CliRunner.Run([.. args]);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains(message, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_missing_snapshot_file_is_named()
    {
        var (code, _, error) = await CliRunner.Run("plan", "--snapshot", "/nope/cluster.json", "--to", "4.1");
        Assert.Equal(2, code);
        Assert.Contains("/nope/cluster.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contradictory_snapshot_names_the_field()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.json");
        var json = await File.ReadAllTextAsync(CliRunner.Sample);
        await File.WriteAllTextAsync(path, json.Replace("\"isr\": [\n", "\"isr\": [\n        99,\n", StringComparison.Ordinal));
        try
        {
            var (code, _, error) = await CliRunner.Run("plan", "--snapshot", path, "--to", "4.1");
            Assert.Equal(2, code);
            Assert.Contains(".isr: ISR [99,", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Missing_required_options_exit_2_with_usage_hint()
    {
        var (code, _, error) = await CliRunner.Run("plan", "--to", "4.1");
        Assert.Equal(2, code);
        Assert.Contains("--snapshot", error, StringComparison.Ordinal);
        Assert.Contains("kafka-upgrade plan --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_shows_examples()
    {
        var (code, output, _) = await CliRunner.Run("plan", "--help");
        Assert.Equal(0, code);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Contains("--snapshot", output, StringComparison.Ordinal);
    }

    /// <summary>Issue 12, point 7: the sample's brokers do not set inter.broker.protocol.version; the plan says who pins it.</summary>
    [Fact]
    public async Task A_cluster_whose_brokers_leave_the_protocol_unset_is_told_the_roll_pins_it_and_one_that_sets_it_everywhere_is_not()
    {
        var (code, output, error) = await CliRunner.Run("plan", "--snapshot", CliRunner.Sample, "--to", "3.9", "--strategy", "rolling");
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Contains("[ok] brokers 1,2,3,4,5,6 leave inter.broker.protocol.version unset (or their configuration is unknown), and 3.9", output, StringComparison.Ordinal);
        Assert.Contains("the roll pins inter.broker.protocol.version=3.8-IV0 in every broker it restarts or provisions", output, StringComparison.Ordinal);
        Assert.Contains("note: set inter.broker.protocol.version=3.8-IV0 in those brokers' own server.properties too", output, StringComparison.Ordinal);

        var path = Path.Combine(Path.GetTempPath(), $"pinned-{Guid.NewGuid():N}.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(CliRunner.Sample))!;
        foreach (var node in json["nodes"]!.AsArray())
        {
            node!["interBrokerProtocolVersion"] = "3.8-IV0";
        }

        await File.WriteAllTextAsync(path, json.ToJsonString());
        try
        {
            (code, output, _) = await CliRunner.Run("plan", "--snapshot", path, "--to", "3.9");
            Assert.Equal(0, code);
            Assert.Contains("[ok] inter.broker.protocol.version is set on every broker (3.8-IV0)", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
