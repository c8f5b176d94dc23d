using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Steering;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>
/// Issue 12, point 1: however an operation ends (a Temporal cancel, a terminated parent, a failure) it cleans up as
/// an abort does: our moves cancelled, the throttle cleared, a migration rolled back, nothing half done.
/// </summary>
[Collection(TemporalCollection.Name)]
public class EveryEndingCleansUpTests(TemporalFixture temporal)
{
    [Theory]
    [MemberData(nameof(ScenarioSeeds.Each), MemberType = typeof(ScenarioSeeds))]
    public async Task A_temporal_cancel_during_node_replacement_is_an_abort_our_moves_cancelled_and_the_throttle_cleared(int seed)
    {
        await using var harness = new UpgradeHarness(temporal.Client, seed: seed);
        var handle = await harness.StartUpgradeAsync(new ClusterUpgradeInput(harness.ClusterId, "3.9", Timing: E2E.Fast, PreApproved: true, ThrottleBytesPerSecond: 50L << 20));
        await E2E.UntilAsync(() => harness.Simulator.Snapshot().InFlightReassignments.Count > 0, "data to be moving");
        Assert.NotNull(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());

        await handle.CancelAsync();
        var result = await handle.GetResultAsync();

        Assert.Equal(OperationOutcome.Aborted, result.Outcome);
        Assert.Contains(OperatorControls.CancelledReason, result.Summary, StringComparison.Ordinal);
        Assert.Contains("stay in service", result.Summary, StringComparison.Ordinal);
        AssertCleanedUp(harness);
    }

    [Theory]
    [MemberData(nameof(ScenarioSeeds.Each), MemberType = typeof(ScenarioSeeds))]
    public async Task Terminating_the_operation_cancels_its_hop_which_then_cleans_up(int seed)
    {
        await using var harness = new UpgradeHarness(temporal.Client, seed: seed);
        var handle = await harness.StartUpgradeAsync(new ClusterUpgradeInput(harness.ClusterId, "3.9", Timing: E2E.Fast, PreApproved: true, ThrottleBytesPerSecond: 50L << 20));
        await E2E.UntilAsync(() => harness.Simulator.Snapshot().InFlightReassignments.Count > 0, "data to be moving");
        var hop = (await handle.ProgressUntilAsync(p => p.CurrentChildWorkflowId is not null, "the hop to run")).CurrentChildWorkflowId!;

        // Terminate runs no code of the parent: the parent-close policy asks the hop to cancel, which it does as an abort.
        await handle.TerminateAsync("operator pulled the plug");
        var child = await temporal.Client.GetWorkflowHandle(hop).GetResultAsync<OperationResult>();

        Assert.Equal(OperationOutcome.Aborted, child.Outcome);
        Assert.Contains(OperatorControls.CancelledReason, child.Summary, StringComparison.Ordinal);
        AssertCleanedUp(harness);
    }

    [Theory]
    [MemberData(nameof(ScenarioSeeds.Each), MemberType = typeof(ScenarioSeeds))]
    public async Task A_failure_while_data_moves_cancels_our_moves_and_clears_the_throttle_before_failing(int seed)
    {
        FaultyAdmin? faulty = null;
        await using var harness = new UpgradeHarness(temporal.Client, seed: seed, wrapAdmin: a => faulty = new FaultyAdmin(a));
        var handle = await harness.StartUpgradeAsync(new ClusterUpgradeInput(harness.ClusterId, "3.9", Timing: E2E.Fast, PreApproved: true, ThrottleBytesPerSecond: 50L << 20));
        await E2E.UntilAsync(() => harness.Simulator.Snapshot().InFlightReassignments.Count > 0, "data to be moving");

        // From now on every look at the cluster is refused with an error no retry fixes: the hop fails.
        faulty!.Failing = new HashSet<string>(StringComparer.Ordinal) { nameof(FaultyAdmin.DescribeClusterAsync) };
        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());

        Assert.IsType<ChildWorkflowFailureException>(failed.InnerException);
        AssertCleanedUp(harness);
    }

    [Theory]
    [MemberData(nameof(ScenarioSeeds.Each), MemberType = typeof(ScenarioSeeds))]
    public async Task A_temporal_cancel_of_a_migration_in_dual_write_rolls_back_to_zookeeper(int seed)
    {
        await using var harness = new UpgradeHarness(temporal.Client, seed: seed, adjust: E2E.On39);
        var input = new KRaftMigrationInput(harness.ClusterId, RestartBatchSize: 1, Timing: E2E.Fast, PreApproved: false);
        var handle = await temporal.Client.StartWorkflowAsync(
            (KRaftMigrationWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions($"kafka-upgrade-{harness.ClusterId}", harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(3) });
        await E2E.UntilAsync(() => harness.Simulator.Snapshot().MetadataMode == MetadataMode.MigrationDualWrite, "dual-write", TimeSpan.FromSeconds(50));

        await handle.CancelAsync();
        var result = await handle.GetResultAsync();

        Assert.Equal(OperationOutcome.Aborted, result.Outcome);
        Assert.Contains("rolled back to ZooKeeper", result.Summary, StringComparison.Ordinal);
        var state = harness.Simulator.Snapshot();
        Assert.Equal(MetadataMode.ZooKeeper, state.MetadataMode);
        Assert.Equal(6, state.Brokers.Count(b => b.State == NodeState.Running));
        Assert.DoesNotContain(state.Nodes, n => n.IsController && n.State != NodeState.Decommissioned);
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
    }

    /// <summary>No move of ours in flight, no throttle, every replica on a running broker, nothing removed unsafely, nothing lost.</summary>
    private static void AssertCleanedUp(UpgradeHarness harness)
    {
        Assert.Null(harness.Simulator.Admin.DescribeReplicationThrottleAsync().GetAwaiter().GetResult());
        var state = harness.Simulator.Snapshot();
        Assert.Empty(state.InFlightReassignments);
        var hosting = state.AllPartitions.SelectMany(p => p.Partition.Replicas).ToHashSet();
        Assert.All(hosting, id => Assert.Equal(NodeState.Running, state.FindNode(id)!.State));
        Assert.Equal(0, harness.Simulator.Statistics.UnsafeRemovals);
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
    }
}

/// <summary>
/// Issue 12, point 1, terminate's aftermath: terminate runs no code, so what the run left is made visible (a dry
/// run shows it and changes nothing) and <c>ClusterRepair</c> clears what is safe to clear.
/// </summary>
[Collection(TemporalCollection.Name)]
public class RepairAfterTerminateTests(TemporalFixture temporal)
{
    [Theory]
    [MemberData(nameof(ScenarioSeeds.Each), MemberType = typeof(ScenarioSeeds))]
    public async Task After_terminating_the_hop_and_its_operation_a_dry_run_shows_the_leftovers_and_repair_clears_them(int seed)
    {
        await using var harness = new UpgradeHarness(temporal.Client, seed: seed);
        var handle = await harness.StartUpgradeAsync(new ClusterUpgradeInput(harness.ClusterId, "3.9", Timing: E2E.Fast, PreApproved: true, ThrottleBytesPerSecond: 10L << 20));
        await E2E.UntilAsync(() => harness.Simulator.Snapshot().InFlightReassignments.Count > 0, "data to be moving");
        var hop = (await handle.ProgressUntilAsync(p => p.CurrentChildWorkflowId is not null, "the hop to run")).CurrentChildWorkflowId!;

        // The worst case: the hop is terminated first (no cleanup at all), then its operation.
        await temporal.Client.GetWorkflowHandle(hop).TerminateAsync("simulated incident");
        await handle.TerminateAsync("simulated incident");
        Assert.NotNull(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());
        Assert.NotEmpty(harness.Simulator.Snapshot().InFlightReassignments);

        var dry = await RepairAsync(harness, dryRun: true);
        Assert.True(dry.DryRun);
        Assert.NotNull(dry.Before.ThrottleBytesPerSecond);
        Assert.True(dry.Before.MovesInFlight > 0);
        Assert.Contains(dry.Before.Findings, f => f.Contains("replication throttle", StringComparison.Ordinal));
        Assert.Contains(dry.Before.Findings, f => f.Contains("hold no replica", StringComparison.Ordinal) || f.Contains("different versions", StringComparison.Ordinal));
        Assert.Contains(dry.Actions, a => a.StartsWith("would cancel", StringComparison.Ordinal));
        Assert.NotNull(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());

        var repaired = await RepairAsync(harness, dryRun: false);
        Assert.False(repaired.DryRun);
        Assert.True(repaired.After!.NothingToClear);
        Assert.Null(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());
        var state = harness.Simulator.Snapshot();
        Assert.Empty(state.InFlightReassignments);
        Assert.All(state.AllPartitions.SelectMany(p => p.Partition.Replicas).Distinct(), id => Assert.Equal(NodeState.Running, state.FindNode(id)!.State));
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
    }

    private async Task<Activities.Contracts.RepairReport> RepairAsync(UpgradeHarness harness, bool dryRun)
    {
        var repair = await temporal.Client.StartWorkflowAsync(
            (ClusterRepairWorkflow wf) => wf.RunAsync(new RepairInput(harness.ClusterId, dryRun, E2E.Fast)),
            new WorkflowOptions(Support.WorkflowIds.ForRepair(harness.ClusterId), harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(1) });
        return await repair.GetResultAsync();
    }
}
