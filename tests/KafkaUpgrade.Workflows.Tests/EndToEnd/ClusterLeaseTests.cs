using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>
/// One Kafka cluster, one operation (issue 12, point 11): the lease is keyed by Kafka's <c>cluster.id</c>, not by the
/// configured name, so a second name bound to the same cluster cannot start a second operation, an upgrade or a hop
/// started on its own, while the first runs; and the lease goes with the operation however it ends.
/// </summary>
[Collection(TemporalCollection.Name)]
public class ClusterLeaseTests(TemporalFixture temporal)
{
    [Fact]
    public async Task A_second_name_for_the_same_kafka_cluster_cannot_start_an_operation_while_one_runs()
    {
        var alias = $"alias-{Guid.NewGuid():N}"[..16];
        await using var harness = new UpgradeHarness(temporal.Client, aliases: [alias]);
        var first = await harness.StartUpgradeAsync(new ClusterUpgradeInput(harness.ClusterId, "3.9", UpgradeStrategy.RollingUpgrade, Timing: E2E.Fast));

        // The simulator's Kafka cluster.id is the harness's name; the alias reaches the same cluster.
        var lease = temporal.Client.GetWorkflowHandle(WorkflowIds.ForLease(harness.ClusterId));
        await E2E.UntilAsync(() => HolderAsync(lease), h => h == WorkflowIds.ForCluster(harness.ClusterId), "the first operation to take the lease");
        var before = harness.Simulator.Snapshot().Nodes.Count;

        // An upgrade under the other name: refused, naming the Kafka cluster and the lease, after one read.
        var aliasInput = new ClusterUpgradeInput(alias, "3.9", UpgradeStrategy.RollingUpgrade, Timing: E2E.Fast);
        var second = await temporal.Client.StartWorkflowAsync(
            (ClusterUpgradeWorkflow wf) => wf.RunAsync(aliasInput),
            new WorkflowOptions(WorkflowIds.ForCluster(alias), harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(2) });
        var busy = await BusyAsync(() => second.GetResultAsync());
        Assert.Contains($"Kafka cluster {harness.ClusterId} (bound as '{alias}') is busy", busy.Message, StringComparison.Ordinal);
        Assert.Contains(WorkflowIds.ForLease(harness.ClusterId), busy.Message, StringComparison.Ordinal);
        var history = await second.FetchHistoryAsync();
        Assert.Single(history.Events, e => e.ActivityTaskScheduledEventAttributes is not null);

        // A hop started on its own by workflow type under the other name: refused the same way.
        var hopInput = new RollingUpgradeInput(alias, new NodeChange(Version: "3.9"), Timing: E2E.Fast);
        var hop = await temporal.Client.StartWorkflowAsync(
            (RollingUpgradeWorkflow wf) => wf.RunAsync(hopInput),
            new WorkflowOptions($"standalone-roll-{alias}", harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(2) });
        await BusyAsync(() => hop.GetResultAsync());

        // Neither touched the cluster, and the first still holds the lease.
        Assert.Equal(before, harness.Simulator.Snapshot().Nodes.Count);
        Assert.Equal(WorkflowIds.ForCluster(harness.ClusterId), await HolderAsync(lease));

        // Terminate runs no code of ours: the server closes the lease with its holder, and the other name may go.
        await first.TerminateAsync("test: the operation is gone");
        await E2E.UntilAsync(async () => (await lease.DescribeAsync()).Status, s => s == WorkflowExecutionStatus.Terminated, "the lease to close with its holder");
        var third = await temporal.Client.StartWorkflowAsync(
            (ClusterUpgradeWorkflow wf) => wf.RunAsync(aliasInput),
            new WorkflowOptions(WorkflowIds.ForCluster(alias), harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(2), IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate });
        await E2E.UntilAsync(() => HolderAsync(lease), h => h == WorkflowIds.ForCluster(alias), "the operation under the other name to take the lease");
        await third.TerminateAsync("test over");
    }

    [Fact]
    public async Task An_operation_that_completes_releases_the_lease_for_the_next()
    {
        await using var harness = new UpgradeHarness(temporal.Client);
        var input = new ClusterUpgradeInput(harness.ClusterId, "3.9", UpgradeStrategy.RollingUpgrade, Timing: E2E.Fast, PreApproved: true);
        var first = await harness.StartUpgradeAsync(input);
        Assert.Equal(OperationOutcome.Completed, (await first.GetResultAsync()).Outcome);
        var lease = temporal.Client.GetWorkflowHandle(WorkflowIds.ForLease(harness.ClusterId));
        Assert.Equal(WorkflowExecutionStatus.Terminated, (await lease.DescribeAsync()).Status);

        // A hop started on its own on the same cluster takes the lease for itself, and gives it back when done.
        var hopInput = new RollingUpgradeInput(harness.ClusterId, new NodeChange(Version: "3.9"), Timing: E2E.Fast);
        var hop = await temporal.Client.StartWorkflowAsync(
            (RollingUpgradeWorkflow wf) => wf.RunAsync(hopInput),
            new WorkflowOptions($"standalone-roll-{harness.ClusterId}", harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(2) });
        await E2E.UntilAsync(() => HolderAsync(lease), h => h == hop.Id, "the standalone hop to take the lease");
        Assert.Equal(OperationOutcome.Completed, (await hop.GetResultAsync()).Outcome);
        await E2E.UntilAsync(async () => (await lease.DescribeAsync()).Status, s => s == WorkflowExecutionStatus.Terminated, "the hop's lease to close with it");
    }

    [Fact]
    public async Task A_temporal_cancel_releases_the_lease_only_after_the_cleanup_and_another_name_then_takes_it()
    {
        var alias = $"alias-{Guid.NewGuid():N}"[..16];
        await using var harness = new UpgradeHarness(temporal.Client, aliases: [alias]);
        var handle = await harness.StartUpgradeAsync(new ClusterUpgradeInput(harness.ClusterId, "3.9", Timing: E2E.Fast, PreApproved: true, ThrottleBytesPerSecond: 50L << 20));
        await E2E.UntilAsync(() => harness.Simulator.Snapshot().InFlightReassignments.Count > 0, "data to be moving");
        Assert.NotNull(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());
        var hop = (await handle.ProgressUntilAsync(p => p.CurrentChildWorkflowId is not null, "the hop to run")).CurrentChildWorkflowId!;
        var lease = temporal.Client.GetWorkflowHandle(WorkflowIds.ForLease(harness.ClusterId));
        Assert.Equal(handle.Id, await HolderAsync(lease));

        // A cancel, not a terminate: the operation aborts, its hop cancels its moves and clears the throttle, and
        // only then does the operation close, and the server close its lease.
        await handle.CancelAsync();
        var result = await handle.GetResultAsync();

        Assert.Equal(OperationOutcome.Aborted, result.Outcome);
        Assert.Null(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());
        Assert.Empty(harness.Simulator.Snapshot().InFlightReassignments);
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
        var leaseClosed = await E2E.UntilAsync(() => lease.DescribeAsync(), d => d.Status == WorkflowExecutionStatus.Terminated, "the lease to close with its holder");
        var hopClosed = await temporal.Client.GetWorkflowHandle(hop).DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Completed, hopClosed.Status);
        Assert.True(leaseClosed.CloseTime >= hopClosed.CloseTime, $"the lease closed at {leaseClosed.CloseTime:O}, before the hop's cleanup ended at {hopClosed.CloseTime:O}");

        // The next operation, under the other name for the same Kafka cluster, takes the lease.
        var aliasInput = new ClusterUpgradeInput(alias, "3.9", UpgradeStrategy.RollingUpgrade, Timing: E2E.Fast);
        var next = await temporal.Client.StartWorkflowAsync(
            (ClusterUpgradeWorkflow wf) => wf.RunAsync(aliasInput),
            new WorkflowOptions(WorkflowIds.ForCluster(alias), harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(2) });
        await E2E.UntilAsync(() => HolderAsync(lease), h => h == WorkflowIds.ForCluster(alias), "the operation under the other name to take the lease");
        await next.TerminateAsync("test over");
    }

    /// <summary>The lease's holder, or null while no lease workflow runs (not started yet, or closed).</summary>
    private static async Task<string?> HolderAsync(WorkflowHandle lease)
    {
        try
        {
            if ((await lease.DescribeAsync()).Status != WorkflowExecutionStatus.Running)
            {
                return null;
            }

            return await lease.QueryAsync<string>("holder", []);
        }
        catch (Temporalio.Exceptions.RpcException)
        {
            return null;
        }
    }

    private static async Task<ApplicationFailureException> BusyAsync(Func<Task> result)
    {
        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(result);
        var cause = Assert.IsType<ApplicationFailureException>(failure.InnerException);
        Assert.Equal("ClusterBusy", cause.ErrorType);
        Assert.True(cause.NonRetryable);
        return cause;
    }
}
