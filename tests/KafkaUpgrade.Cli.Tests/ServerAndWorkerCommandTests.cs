using Temporalio.Client;

namespace KafkaUpgrade.Cli.Tests;

public class ServerAndWorkerCommandTests
{
    [Fact]
    public async Task Server_prints_its_address_serves_temporal_and_stops_on_cancel()
    {
        await using var server = CliRunner.Start("server", "--port", "0");
        var address = await Wait.ForAddressAsync(server);
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));
        var system = await client.Connection.WorkflowService.GetSystemInfoAsync(new Temporalio.Api.WorkflowService.V1.GetSystemInfoRequest());
        Assert.NotNull(system.Capabilities);
        Assert.Equal(0, await server.StopAsync());
    }

    [Theory]
    [InlineData(new[] { "server", "--port", "70000" }, "--port must be between 0 and 65535, was 70000")]
    [InlineData(new[] { "server", "--http-port", "70000" }, "--http-port must be between 0 and 65535, was 70000")]
    [InlineData(new[] { "server", "--port", "7300", "--http-port", "7300" }, "--http-port must differ from --port")]
    [InlineData(new[] { "server", "--http-port", "0", "--http-cors-origin", "foo" }, "--http-cors-origin must be an origin")]
    [InlineData(new[] { "server", "--http-cors-origin", "http://localhost:8080" }, "--http-cors-origin needs --http-port")]
    [InlineData(new[] { "worker", "--cluster", "no-equals-sign" }, "--cluster 'no-equals-sign' is not id=snapshot.json[@speed]")]
    [InlineData(new[] { "worker", "--cluster", "a=samples/small-zk-3.8.json@fast" }, "speed 'fast' is not a positive number")]
    [InlineData(new[] { "worker", "--config", "missing-clusters.json" }, "--config 'missing-clusters.json' does not exist")]
    [InlineData(new[] { "worker", "--config", "SAMPLE" }, "has no \"Clusters\" array")]
    [InlineData(new[] { "worker", "--config", "SAMPLE", "--cluster", "a=SAMPLE" }, "--config and --cluster cannot be combined")]
    [InlineData(new[] { "start", "c1", "--to", "banana" }, "--to 'banana' is not a Kafka version")]
    [InlineData(new[] { "start", "c1", "--to", "4.1", "--throttle", "0" }, "--throttle must be at least 1 MB/s, was 0")]
    [InlineData(new[] { "start", "c1" }, "--to is required")]
    [InlineData(new[] { "set-throttle", "c1", "5", "--address", "127.0.0.1:1" }, "Cannot reach Temporal at 127.0.0.1:1")]
    [InlineData(new[] { "watch", "c1", "--interval-ms", "1" }, "--interval-ms must be at least 50")]
    [InlineData(new[] { "rehearse", "--snapshot", "missing.json", "--to", "4.1" }, "missing.json")]
    [InlineData(new[] { "rehearse", "--snapshot", "SAMPLE", "--to", "3.7" }, "downgrade")]
    [InlineData(new[] { "demo", "--speed", "0" }, "--speed must be above 0")]
    public async Task Bad_input_exits_non_zero_and_names_the_problem(string[] args, string message)
    {
        var resolved = args.Select(a => a == "SAMPLE" ? CliRunner.Sample : a).ToArray();
        var (code, _, error) = await CliRunner.Run(resolved);
        Assert.NotEqual(0, code);
        Assert.Contains(message, error, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Every argument is checked before anything is contacted: with no server at all, bad input is still exit 2 naming it.</summary>
    [Theory]
    [InlineData(new[] { "start", "", "--to", "4.1" }, "the cluster argument is empty")]
    [InlineData(new[] { "start", " ", "--kraft-migration" }, "the cluster argument is empty")]
    [InlineData(new[] { "start", "c1", "--to", "4.1", "--batch-size", "0" }, "ReplacementBatchSize must be at least 1, was 0")]
    [InlineData(new[] { "start", "c1", "--kraft-migration", "--restart-batch-size", "0" }, "--restart-batch-size must be at least 1, was 0")]
    [InlineData(new[] { "set-throttle", "c1", "0" }, "the throttle must be at least 1 MB/s, was 0")]
    [InlineData(new[] { "set-batch-size", "c1", "0" }, "the batch size must be at least 1, was 0")]
    [InlineData(new[] { "approve", "c1" }, "--gate is required")]
    [InlineData(new[] { "status", "" }, "the cluster argument is empty")]
    [InlineData(new[] { "pause", "" }, "the cluster argument is empty")]
    [InlineData(new[] { "repair", "", "--dry-run" }, "the cluster argument is empty")]
    public async Task Bad_input_is_exit_2_naming_it_before_anything_is_contacted(string[] args, string message)
    {
        var (code, output, error) = await CliRunner.Run([.. args, "--address", "127.0.0.1:1"]);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Cannot reach", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_temporal_exits_3_saying_where_it_tried_and_how_to_start_a_server()
    {
        var (code, output, error) = await CliRunner.Run("status", "c1", "--address", "127.0.0.1:1");
        Assert.Equal(3, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("127.0.0.1:1", error, StringComparison.Ordinal);
        Assert.Contains("kafka-upgrade server", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("plan")]
    [InlineData("rehearse")]
    [InlineData("start")]
    [InlineData("status")]
    [InlineData("repair")]
    [InlineData("watch")]
    [InlineData("list")]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("approve")]
    [InlineData("abort")]
    [InlineData("set-throttle")]
    [InlineData("set-batch-size")]
    [InlineData("server")]
    [InlineData("worker")]
    public async Task Every_command_has_help_with_examples(string command)
    {
        var (code, output, _) = await CliRunner.Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains("Example", output, StringComparison.Ordinal);
        Assert.Contains($"kafka-upgrade {command}", output, StringComparison.Ordinal);
    }
}

internal static class Wait
{
    public static async Task<string> ForAddressAsync(RunningCommand server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var match = System.Text.RegularExpressions.Regex.Match(server.Out, @"listening on (\S+)");
            if (match.Success)
            {
                return match.Groups[1].Value;
            }

            if (server.Exit.IsCompleted)
            {
                throw new InvalidOperationException($"the server exited: {server.Err}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"the server did not print its address: {server.Out} {server.Err}");
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{what} did not happen within {timeoutSeconds} s");
    }
}
