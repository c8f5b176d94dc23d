using System.Text.Json;

namespace KafkaUpgrade.Cli.Tests;

/// <summary>
/// An operator's session end to end through the executable's entry point: the embedded server and a worker
/// started by the CLI's own commands, then start, status, pause, resume, approve, set-throttle, set-batch-size,
/// watch, list and abort against them.
/// </summary>
public class OperatorCommandTests
{
    [Fact]
    public async Task An_operator_starts_pauses_resumes_approves_and_watches_an_upgrade_to_the_end()
    {
        await using var env = await CliEnvironment.StartAsync();
        var (code, output, error) = await env.Run("start", env.ClusterId, "--to", "3.9", "--strategy", "rolling", "--restart-batch-size", "3", "--poll-ms", "100", "--json");
        Assert.True(code == 0, error);
        using (var started = JsonDocument.Parse(output))
        {
            Assert.Equal($"kafka-upgrade-{env.ClusterId}", started.RootElement.GetProperty("workflowId").GetString());
        }

        var busy = await env.Run("start", env.ClusterId, "--to", "3.9");
        Assert.Equal(2, busy.ExitCode);
        Assert.Contains($"already has an operation running: workflow kafka-upgrade-{env.ClusterId}", busy.Err, StringComparison.Ordinal);

        Assert.Equal(0, (await env.Run("pause", env.ClusterId, "--reason", "cli test")).ExitCode);
        await Wait.UntilAsync(async () => (await env.Progress()).GetProperty("paused").GetBoolean(), "the pause to show in status");
        var text = await env.Run("status", env.ClusterId);
        Assert.Contains("Paused:   yes", text.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await env.Run("resume", env.ClusterId)).ExitCode);

        string? step = null;
        await Wait.UntilAsync(
            async () =>
            {
                var progress = await env.Progress();
                step = progress.TryGetProperty("awaitingApproval", out var a) ? a.GetString() : null;
                return step is not null;
            },
            "a rollback boundary to wait for approval",
            120);
        var wrong = await env.Run("approve", env.ClusterId, "--step", "hop 9: nothing");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains($"refused: The step waiting for approval is '{step}', not 'hop 9: nothing'", wrong.Err, StringComparison.Ordinal);
        var approved = await env.Run("approve", env.ClusterId, "--step", step!);
        Assert.Equal(0, approved.ExitCode);
        Assert.Contains($"approved: {step}", approved.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await env.Run("set-throttle", env.ClusterId, "200")).ExitCode);
        Assert.Equal(0, (await env.Run("set-batch-size", env.ClusterId, "2")).ExitCode);

        var watched = await env.Run("watch", env.ClusterId, "--interval-ms", "200");
        Assert.True(watched.ExitCode == 0, watched.Err + watched.Out);
        Assert.Contains("Completed: Upgraded", watched.Out, StringComparison.Ordinal);

        var list = await env.Run("list", "--cluster", env.ClusterId, "--json");
        using var listed = JsonDocument.Parse(list.Out);
        var item = Assert.Single(listed.RootElement.EnumerateArray());
        Assert.Equal("Completed", item.GetProperty("status").GetString());
        Assert.Equal("3.9", item.GetProperty("targetVersion").GetString());

        var late = await env.Run("pause", env.ClusterId);
        Assert.Equal(2, late.ExitCode);
        Assert.Contains("is not running (status Completed)", late.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abort_stops_the_upgrade_and_watch_exits_1()
    {
        await using var env = await CliEnvironment.StartAsync();
        Assert.Equal(0, (await env.Run("start", env.ClusterId, "--to", "3.9", "--poll-ms", "100")).ExitCode);
        await Wait.UntilAsync(async () => (await env.Progress()).GetProperty("phase").GetString()!.StartsWith("Hop", StringComparison.Ordinal), "the first hop to start");
        var abort = await env.Run("abort", env.ClusterId, "--reason", "cli abort test");
        Assert.Equal(0, abort.ExitCode);
        var watched = await env.Run("watch", env.ClusterId, "--interval-ms", "200");
        Assert.Equal(1, watched.ExitCode);
        Assert.Contains("Aborted", watched.Out, StringComparison.Ordinal);
        Assert.Contains("cli abort test", watched.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_of_an_unknown_cluster_exits_2_naming_it()
    {
        await using var env = await CliEnvironment.StartAsync(withWorker: false);
        var (code, output, error) = await env.Run("status", "no-such-cluster");
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("No operation 'kafka-upgrade-no-such-cluster'", error, StringComparison.Ordinal);
    }
}

/// <summary>The embedded server (the <c>server</c> command, or <c>TEMPORAL_ADDRESS</c>) and a <c>worker</c> command on a unique task queue and cluster id.</summary>
internal sealed class CliEnvironment : IAsyncDisposable
{
    private readonly RunningCommand? _server;
    private readonly RunningCommand? _worker;

    private CliEnvironment(RunningCommand? server, RunningCommand? worker, string address, string clusterId, string taskQueue)
    {
        _server = server;
        _worker = worker;
        Address = address;
        ClusterId = clusterId;
        TaskQueue = taskQueue;
    }

    public string Address { get; }

    public string ClusterId { get; }

    public string TaskQueue { get; }

    public static async Task<CliEnvironment> StartAsync(bool withWorker = true)
    {
        RunningCommand? server = null;
        var address = Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS");
        if (string.IsNullOrEmpty(address))
        {
            server = CliRunner.Start("server", "--port", "0");
            address = await Wait.ForAddressAsync(server);
        }

        var clusterId = $"cli-{Guid.NewGuid():N}"[..16];
        var taskQueue = $"cli-tests-{clusterId}";
        var worker = withWorker
            ? CliRunner.Start("worker", "--address", address, "--task-queue", taskQueue, "--cluster", $"{clusterId}={CliRunner.Sample}@1000")
            : null;
        return new CliEnvironment(server, worker, address, clusterId, taskQueue);
    }

    public Task<(int ExitCode, string Out, string Err)> Run(params string[] args) =>
        CliRunner.Run([.. args, "--address", Address, "--task-queue", TaskQueue]);

    public async Task<JsonElement> Progress()
    {
        var (code, output, error) = await Run("status", ClusterId, "--json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.GetProperty("progress").Clone();
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
