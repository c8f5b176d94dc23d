using KafkaUpgrade.Activities;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Support;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>Bad requests fail with a clear, non-retryable error before anything on the cluster changes.</summary>
[Collection(TemporalCollection.Name)]
public class BadInputEndToEndTests(TemporalFixture temporal)
{
    [Fact]
    public async Task An_unknown_cluster_fails_naming_it_after_a_few_attempts()
    {
        await using var harness = new UpgradeHarness(temporal.Client);
        var unknown = $"nowhere-{Guid.NewGuid():N}"[..16];
        var input = new ClusterUpgradeInput(unknown, "3.9", Timing: E2E.Fast);
        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => temporal.Client.ExecuteWorkflowAsync(
            (ClusterUpgradeWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(WorkflowIds.ForCluster(unknown), harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(1) }));

        var cause = Assert.IsType<ApplicationFailureException>(failure.InnerException?.InnerException);
        Assert.Equal(ActivityFailures.UnknownCluster, cause.ErrorType);

        // Retryable (another worker may serve it), but the operation's first call gives up after a few attempts.
        Assert.False(cause.NonRetryable);
        Assert.Contains($"Unknown cluster '{unknown}'", cause.Message);
    }

    [Theory]
    [InlineData("2.8", "downgrade")]
    [InlineData("3.8.1", "Nothing to do")]
    public async Task An_unsupported_path_fails_before_anything_changes(string target, string expected)
    {
        await using var harness = new UpgradeHarness(temporal.Client);
        var before = harness.Simulator.Snapshot().Fingerprint();
        var cause = await FailAsync(harness, new ClusterUpgradeInput(harness.ClusterId, target, Timing: E2E.Fast));

        Assert.Equal(ActivityFailures.InvalidRequest, cause.ErrorType);
        Assert.Contains(expected, cause.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, harness.Simulator.Snapshot().Fingerprint());
    }

    [Fact]
    public async Task A_batch_size_of_zero_fails_validation_before_any_activity()
    {
        await using var harness = new UpgradeHarness(temporal.Client);
        var before = harness.Simulator.Snapshot().Fingerprint();
        var cause = await FailAsync(harness, new ClusterUpgradeInput(harness.ClusterId, "3.9", ReplacementBatchSize: 0, Timing: E2E.Fast));

        Assert.Equal(InputValidation.InvalidInput, cause.ErrorType);
        Assert.Contains("ReplacementBatchSize must be at least 1, was 0", cause.Message);
        Assert.Equal(before, harness.Simulator.Snapshot().Fingerprint());
        var history = await temporal.Client.GetWorkflowHandle(WorkflowIds.ForCluster(harness.ClusterId)).FetchHistoryAsync();
        Assert.DoesNotContain(history.Events, e => e.ActivityTaskScheduledEventAttributes is not null);
    }

    [Fact]
    public async Task A_throttle_below_the_write_rate_is_refused_unless_forced()
    {
        await using var harness = new UpgradeHarness(temporal.Client);
        var before = harness.Simulator.Snapshot().Fingerprint();
        var cause = await FailAsync(harness, new ClusterUpgradeInput(harness.ClusterId, "3.9", ThrottleBytesPerSecond: 1_000, Timing: E2E.Fast, PreApproved: true));

        Assert.Equal("ThrottleBelowWriteRate", cause.ErrorType);
        Assert.Contains("Raise the throttle or set Force", cause.Message);
        Assert.Equal(before, harness.Simulator.Snapshot().Fingerprint());

        // Forced, it goes ahead past the pre-flight checks: new brokers are provisioned and replication is
        // throttled. Aborted here, since a move under that throttle could never finish.
        var handle = await harness.StartUpgradeAsync(new ClusterUpgradeInput(harness.ClusterId, "3.9", ThrottleBytesPerSecond: 1_000, Timing: E2E.Fast, PreApproved: true, Force: true));
        var throttle = await E2E.UntilAsync(() => harness.Simulator.Admin.DescribeReplicationThrottleAsync(), t => t is not null, "the forced replacement to throttle replication");
        Assert.Equal(1_000, throttle!.BytesPerSecond);
        Assert.True(harness.Simulator.Snapshot().Brokers.Count(b => b.State == NodeState.Running) > 6);
        Assert.StartsWith("Hop 1/", (await handle.ProgressAsync()).Phase);
        await handle.SignalAsync(wf => wf.AbortAsync("test over"));
        Assert.Equal(OperationOutcome.Aborted, (await handle.GetResultAsync()).Outcome);
        Assert.Null(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());
    }

    [Fact]
    public async Task A_second_operation_on_a_busy_cluster_is_refused_naming_the_running_one()
    {
        await using var harness = new UpgradeHarness(temporal.Client);
        var input = new ClusterUpgradeInput(harness.ClusterId, "3.9", UpgradeStrategy.RollingUpgrade, Timing: E2E.Fast, PreApproved: false);
        var first = await harness.StartUpgradeAsync(input);
        await first.ProgressUntilAsync(p => p.Phase != "Starting", "the first operation to run");

        var refused = await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() => harness.StartUpgradeAsync(input with { TargetVersion = "4.1" }));

        Assert.Equal(WorkflowIds.ForCluster(harness.ClusterId), refused.WorkflowId);
        Assert.Equal(first.ResultRunId, refused.RunId);
        Assert.Equal("ClusterUpgrade", refused.WorkflowType);
        await first.TerminateAsync("test over");
    }

    private static async Task<ApplicationFailureException> FailAsync(UpgradeHarness harness, ClusterUpgradeInput input)
    {
        var handle = await harness.StartUpgradeAsync(input);
        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());

        // Either the workflow's own refusal, or an activity's (wrapped in an ActivityFailureException).
        var cause = failure.InnerException is ActivityFailureException activity ? activity.InnerException : failure.InnerException;
        var app = Assert.IsType<ApplicationFailureException>(cause);
        Assert.True(app.NonRetryable);
        return app;
    }
}
