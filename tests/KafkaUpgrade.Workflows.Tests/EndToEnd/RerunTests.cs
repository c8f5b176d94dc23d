using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Paths;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>
/// Reruns resume (issue 12, point 10): an operation terminated in the middle of a rolling upgrade leaves brokers on
/// two versions; a new operation on the same cluster plans from the cluster as it is and finishes the roll.
/// </summary>
[Collection(TemporalCollection.Name)]
public class RerunTests(TemporalFixture temporal)
{
    [Fact]
    public async Task An_upgrade_rerun_after_a_run_terminated_mid_roll_finishes_it_losing_nothing()
    {
        await using var harness = new UpgradeHarness(temporal.Client);
        var input = new ClusterUpgradeInput(harness.ClusterId, "3.9", UpgradeStrategy.RollingUpgrade, Timing: E2E.Fast, PreApproved: true);
        var first = await harness.StartUpgradeAsync(input);
        await E2E.UntilAsync(
            () => Task.FromResult(harness.Simulator.Snapshot().Brokers.Count(b => b.Version.Line == new KafkaVersion(3, 9))),
            rolled => rolled >= 2,
            "the first run to roll two brokers onto 3.9");

        // Terminate runs no code of the operation; its hop is cancelled by the parent close policy and stops where it is.
        await first.TerminateAsync("test: the operation dies mid-roll");
        var hop = temporal.Client.GetWorkflowHandle(WorkflowIds.ForHop(WorkflowIds.ForCluster(harness.ClusterId), 0, nameof(UpgradeHopKind.SoftwareUpgrade)));
        await E2E.UntilAsync(async () => (await hop.DescribeAsync()).Status, s => s != WorkflowExecutionStatus.Running, "the hop to stop");
        var left = harness.Simulator.Snapshot().Brokers.Where(b => b.State != NodeState.Decommissioned).ToList();
        Assert.Equal(2, left.Select(b => b.Version.Line).Distinct().Count());
        Assert.Equal("3.8-IV0", harness.Simulator.Snapshot().Features.InterBrokerProtocolVersion);

        // The rerun: same id, a new run; it plans from the older version and finishes the step, then bumps the protocol.
        var rerun = await temporal.Client.StartWorkflowAsync(
            (ClusterUpgradeWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(WorkflowIds.ForCluster(harness.ClusterId), harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(3) });
        var result = await rerun.GetResultAsync();

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        var state = harness.Simulator.Snapshot();
        Assert.All(state.Brokers, b => Assert.Equal(new KafkaVersion(3, 9), b.Version.Line));
        Assert.All(state.Brokers, b => Assert.Equal(NodeState.Running, b.State));
        Assert.Equal("3.9-IV0", state.Features.InterBrokerProtocolVersion);
        Assert.Equal(6, state.Brokers.Count(b => b.State != NodeState.Decommissioned));
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
        Assert.Equal(0, harness.Simulator.Statistics.MinIsrViolations);
        Assert.Equal(0, harness.Simulator.Statistics.UnsafeRemovals);
        Assert.Null(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());
    }
}
