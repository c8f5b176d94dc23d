using KafkaUpgrade.Activities;
using KafkaUpgrade.Activities.Identity;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Paths;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Simulation;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Support;
using KafkaUpgrade.Worker.Hosting;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>
/// One cluster, one operation, for real (issue 12, point 11): the Kafka cluster id an operation recorded when it
/// started travels with every activity it and its hops schedule (header <see cref="ClusterIdentityHeader.Name"/>),
/// and a worker whose binding for the cluster's name now names another Kafka cluster refuses them.
/// </summary>
[Collection(TemporalCollection.Name)]
public class ClusterIdentityTests(TemporalFixture temporal)
{
    [Fact]
    public async Task A_binding_re_pointed_to_another_cluster_mid_upgrade_fails_the_operation_and_leaves_that_cluster_untouched()
    {
        await using var harness = new UpgradeHarness(temporal.Client);
        var input = new ClusterUpgradeInput(harness.ClusterId, "3.9", UpgradeStrategy.RollingUpgrade, Timing: E2E.Fast, PreApproved: true);
        var handle = await harness.StartUpgradeAsync(input);
        await E2E.UntilAsync(
            () => Task.FromResult(harness.Simulator.Snapshot().Brokers.Count(b => b.Version.Line == new KafkaVersion(3, 9))),
            rolled => rolled >= 1,
            "the roll to be under way");

        // Another Kafka cluster (the same sample under another cluster.id, its clock stopped so any change shows),
        // which the operator now binds under the name the operation runs on, and restarts the worker.
        var other = KafkaSimulator.Load(Sample() with { ClusterId = $"other-{Guid.NewGuid():N}"[..18] }, new SimulationOptions { Seed = 11 });
        var otherBefore = other.WriteSnapshot();
        await harness.RestartWorkerAsync(new Dictionary<string, ClusterConnection>
        {
            [harness.ClusterId] = new(other.Admin, other.Provisioner, other.ClusterId),
        });

        // The next activity is refused, naming the binding, the id recorded and the id it answers now; the operation fails.
        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
        var refusal = Causes(failed).OfType<ApplicationFailureException>().FirstOrDefault(f => f.ErrorType == ClusterIdentityHeader.ChangedFailureType);
        Assert.True(refusal is not null, $"expected a {ClusterIdentityHeader.ChangedFailureType} failure, got: {string.Join(" <- ", Causes(failed).Select(c => c.Message))}");
        Assert.Contains($"binding '{harness.ClusterId}'", refusal.Message, StringComparison.Ordinal);
        Assert.Contains($"recorded Kafka cluster id '{harness.Simulator.ClusterId}'", refusal.Message, StringComparison.Ordinal);
        Assert.Contains($"now for Kafka cluster id '{other.ClusterId}'", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(WorkflowExecutionStatus.Failed, (await handle.DescribeAsync()).Status);

        // The other cluster was never touched: nodes, configs, partitions, throttle, reassignments as they were.
        Assert.Equal(otherBefore, other.WriteSnapshot());
        Assert.Null(await other.Admin.DescribeReplicationThrottleAsync());
        Assert.Empty(other.Snapshot().InFlightReassignments);

        // The first cluster is as the run left it: part rolled, nothing more done once the refusal came.
        await E2E.UntilAsync(() => harness.Simulator.Snapshot().Nodes.All(n => n.State is NodeState.Running or NodeState.Decommissioned), "restarts under way to finish");
        var left = harness.Simulator.Snapshot();
        Assert.Contains(left.Brokers, b => b.Version.Line == new KafkaVersion(3, 9));
        Assert.Contains(left.Brokers, b => b.Version.Line == new KafkaVersion(3, 8));
        Assert.Equal("3.8-IV0", left.Features.InterBrokerProtocolVersion);
        Assert.Empty(left.InFlightReassignments);
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
        Assert.Equal(0, harness.Simulator.Statistics.UnsafeRemovals);

        // The lease went with the failed operation.
        var lease = temporal.Client.GetWorkflowHandle(WorkflowIds.ForLease(harness.Simulator.ClusterId));
        await E2E.UntilAsync(async () => (await lease.DescribeAsync()).Status, s => s == WorkflowExecutionStatus.Terminated, "the lease to close with its holder");
    }

    [Fact]
    public async Task Every_activity_after_the_cluster_id_is_read_carries_it_in_the_operation_and_in_its_hops()
    {
        await using var harness = new UpgradeHarness(temporal.Client);
        var handle = await harness.StartUpgradeAsync(new ClusterUpgradeInput(harness.ClusterId, "3.9", UpgradeStrategy.RollingUpgrade, Timing: E2E.Fast, PreApproved: true));
        Assert.Equal(OperationOutcome.Completed, (await handle.GetResultAsync()).Outcome);

        var operation = await ScheduledAsync(handle.Id);
        Assert.Equal(ClusterIdentityHeader.ReadActivityName, operation[0].ActivityType.Name);
        Assert.Null(RecordedIn(operation[0]));
        Assert.All(operation.Skip(1), a => Assert.Equal(harness.Simulator.ClusterId, RecordedIn(a)));
        var hop = await ScheduledAsync(WorkflowIds.ForHop(handle.Id, 0, nameof(UpgradeHopKind.SoftwareUpgrade)));
        Assert.NotEmpty(hop);
        Assert.All(hop, a => Assert.Equal(harness.Simulator.ClusterId, RecordedIn(a)));
    }

    [Fact]
    public async Task Activities_scheduled_without_the_header_by_a_worker_from_before_the_check_run_as_before()
    {
        // A workflow worker from before this change (no interceptors) beside an activity worker with the check: what a
        // rolling deployment of workers has for a while. The header-less activities of its runs are accepted.
        await using var harness = new UpgradeHarness(temporal.Client);
        var queue = $"{harness.TaskQueue}-old";
        var registry = new StaticClusterRegistry(new Dictionary<string, ClusterConnection> { [harness.ClusterId] = harness.Connection });
        await using var oldWorkflows = new InProcessWorker(temporal.Client, queue, registry, o => { o.Activities.Clear(); o.Interceptors = null; }).Start();
        await using var newActivities = new InProcessWorker(temporal.Client, queue, registry, o => o.Workflows.Clear()).Start();

        var repair = await temporal.Client.StartWorkflowAsync(
            (ClusterRepairWorkflow wf) => wf.RunAsync(new RepairInput(harness.ClusterId, DryRun: false, E2E.Fast)),
            new WorkflowOptions($"old-worker-repair-{harness.ClusterId}", queue) { ExecutionTimeout = TimeSpan.FromMinutes(1) });
        var report = await repair.GetResultAsync();

        Assert.False(report.DryRun);
        var scheduled = await ScheduledAsync(repair.Id);
        Assert.True(scheduled.Count > 1, "the repair read the id, took the lease and ran its activities");
        Assert.All(scheduled, a => Assert.Null(RecordedIn(a)));
        Assert.Null(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());
    }

    private static ClusterState Sample() =>
        Core.Snapshots.ClusterSnapshotSerializer.ReadFile(Path.Combine(AppContext.BaseDirectory, "samples", "small-zk-3.8.json"));

    private static IEnumerable<Exception> Causes(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    /// <summary>The activities a workflow scheduled, in order.</summary>
    private async Task<List<ActivityTaskScheduledEventAttributes>> ScheduledAsync(string workflowId)
    {
        var history = await temporal.Client.GetWorkflowHandle(workflowId).FetchHistoryAsync();
        return [.. history.Events.Where(e => e.ActivityTaskScheduledEventAttributes is not null).Select(e => e.ActivityTaskScheduledEventAttributes)];
    }

    private static string? RecordedIn(ActivityTaskScheduledEventAttributes scheduled) =>
        scheduled.Header is { } header ? ClusterIdentityHeader.Read(header.Fields) : null;
}
