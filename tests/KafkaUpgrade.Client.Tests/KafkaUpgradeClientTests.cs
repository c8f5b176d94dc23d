using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Workflows.Contracts;
using Temporalio.Exceptions;

namespace KafkaUpgrade.Client.Tests;

[Collection(TemporalCollection.Name)]
public class KafkaUpgradeClientTests(TemporalFixture temporal)
{
    private static readonly StepTiming Fast = new(PollIntervalMs: 100, StallAfterMs: 60_000);

    [Fact]
    public async Task An_operator_pauses_resumes_and_approves_an_upgrade_through_the_handle()
    {
        await using var cluster = new UpgradeHarness(temporal.Client);
        var input = new ClusterUpgradeInput(cluster.ClusterId, "3.9", UpgradeStrategy.RollingUpgrade, RestartBatchSize: 3, Timing: Fast);
        var handle = await cluster.Operations().StartUpgradeAsync(input);
        Assert.Equal($"kafka-upgrade-{cluster.ClusterId}", handle.WorkflowId);

        await handle.PauseAsync("client test");
        // Paused is set when the signal arrives; the wait reason once the workflow reaches its next safe point.
        var paused = await Eventually.Until(() => handle.GetProgressAsync(), p => p.Paused && (p.WaitingFor ?? string.Empty).Contains("client test", StringComparison.Ordinal), "the pause to show in progress");
        Assert.True(paused.Paused);
        await handle.ResumeAsync();

        var waiting = await Eventually.Until(() => handle.GetProgressAsync(), p => p.AwaitingApproval is not null, "a rollback boundary to wait for approval", 120);
        var wrong = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ApproveAsync("hop 9: something else"));
        Assert.Contains("not 'hop 9: something else'", wrong.InnerException?.Message, StringComparison.Ordinal);
        Assert.Equal(waiting.AwaitingApproval, await handle.ApproveAsync(waiting.AwaitingApproval!));
        await handle.SetThrottleAsync(200L << 20);

        var result = await handle.GetResultAsync();
        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        Assert.Equal("3.9-IV0", cluster.Simulator.Snapshot().Features.InterBrokerProtocolVersion);
        var summary = await handle.DescribeAsync();
        Assert.Equal("ClusterUpgrade", summary.WorkflowType);
        Assert.Equal("Completed", summary.Status);
    }

    [Fact]
    public async Task A_second_operation_on_a_busy_cluster_is_refused_naming_the_running_one_and_abort_stops_it()
    {
        await using var cluster = new UpgradeHarness(temporal.Client);
        var input = new ClusterUpgradeInput(cluster.ClusterId, "3.9", UpgradeStrategy.RollingUpgrade, Timing: Fast);
        var first = await cluster.Operations().StartUpgradeAsync(input);

        var busy = await Assert.ThrowsAsync<OperationAlreadyRunningException>(() => cluster.Operations().StartUpgradeAsync(input with { TargetVersion = "4.0" }));
        Assert.Equal(first.WorkflowId, busy.WorkflowId);
        Assert.Contains(first.WorkflowId, busy.Message, StringComparison.Ordinal);

        var listed = await Eventually.Until(
            async () =>
            {
                var found = new List<OperationSummary>();
                await foreach (var o in cluster.Operations().ListAsync(runningOnly: true, clusterId: cluster.ClusterId))
                {
                    found.Add(o);
                }

                return found;
            },
            l => l.Count == 1,
            "the running operation to be listed by its cluster");
        Assert.Equal(first.WorkflowId, listed[0].WorkflowId);
        Assert.Equal("3.9", listed[0].TargetVersion);

        await first.AbortAsync("client test abort");
        var result = await first.GetResultAsync();
        Assert.Equal(OperationOutcome.Aborted, result.Outcome);
        Assert.Contains("client test abort", result.Summary, StringComparison.Ordinal);
        Assert.Equal(0, cluster.Simulator.CountLostAckedWrites());
    }

    [Fact]
    public async Task Invalid_input_is_refused_before_anything_starts()
    {
        await using var cluster = new UpgradeHarness(temporal.Client);
        var error = await Assert.ThrowsAsync<InvalidOperationInputException>(() =>
            cluster.Operations().StartUpgradeAsync(new ClusterUpgradeInput(cluster.ClusterId, "banana", ReplacementBatchSize: 0)));
        Assert.Contains("TargetVersion 'banana'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ReplacementBatchSize must be at least 1, was 0", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<OperationNotFoundException>(() => cluster.Operations().GetOperation(cluster.ClusterId).DescribeAsync());
    }

    [Fact]
    public async Task An_unknown_operation_and_an_unreachable_server_get_errors_that_say_what_to_do()
    {
        await using var cluster = new UpgradeHarness(temporal.Client);
        var missing = await Assert.ThrowsAsync<OperationNotFoundException>(() => cluster.Operations().GetOperation("no-such-cluster").GetProgressAsync());
        Assert.Contains("kafka-upgrade-no-such-cluster", missing.Message, StringComparison.Ordinal);

        var unreachable = await Assert.ThrowsAsync<TemporalUnreachableException>(() => KafkaUpgradeClient.ConnectAsync(new KafkaUpgradeClientOptions("127.0.0.1:1")));
        Assert.Contains("127.0.0.1:1", unreachable.Message, StringComparison.Ordinal);
        Assert.Contains("kafka-upgrade server", unreachable.Message, StringComparison.Ordinal);
    }
}
