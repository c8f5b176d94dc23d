using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Support;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>Pause, resume, approve and abort on a running upgrade of the sample cluster under producer traffic.</summary>
[Collection(TemporalCollection.Name)]
public class OperatorControlsEndToEndTests(TemporalFixture temporal)
{
    [Theory]
    [MemberData(nameof(ScenarioSeeds.Each), MemberType = typeof(ScenarioSeeds))]
    public async Task Pause_holds_the_cluster_still_at_the_next_safe_point_and_resume_finishes(int seed)
    {
        await using var harness = new UpgradeHarness(temporal.Client, seed: seed);
        var input = new ClusterUpgradeInput(harness.ClusterId, "3.9", UpgradeStrategy.RollingUpgrade, RestartBatchSize: 1, Timing: E2E.Fast, PreApproved: true);
        var handle = await harness.StartUpgradeAsync(input);
        await E2E.UntilAsync(() => harness.Simulator.Snapshot().Brokers.Any(b => b.Version.Line == new KafkaVersion(3, 9)), "a first broker on 3.9");

        await handle.SignalAsync(wf => wf.PauseAsync("change freeze"));
        var paused = await handle.ProgressUntilAsync(p => p.Paused && p.WaitingFor == "paused: change freeze", "the operation to show the pause");
        Assert.NotNull(paused.CurrentChildWorkflowId);
        await E2E.UntilAsync(() => temporal.Client.ProgressOfAsync(paused.CurrentChildWorkflowId!), p => p.Paused, "the hop running now to hold");

        // A restart issued just before the pause may still finish; after that nothing may move for a good while.
        await E2E.UntilAsync(() => harness.Simulator.Snapshot().Nodes.All(n => n.State == NodeState.Running), "a restart in flight to finish");
        var held = harness.Simulator.Snapshot().Fingerprint();
        var until = harness.Simulator.Now + TimeSpan.FromMinutes(5);
        await E2E.UntilAsync(
            () => harness.Simulator.Snapshot().Fingerprint() != held || harness.Simulator.Now >= until,
            "five simulated minutes to pass");
        Assert.Equal(held, harness.Simulator.Snapshot().Fingerprint());
        Assert.True((await handle.ProgressAsync()).Paused);

        await handle.SignalAsync(wf => wf.ResumeAsync());
        await handle.ProgressUntilAsync(p => !p.Paused && p.WaitingFor?.StartsWith("paused", StringComparison.Ordinal) != true, "the pause to clear");
        var result = await handle.GetResultAsync();

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        Assert.All(harness.Simulator.Snapshot().Brokers, b => Assert.Equal(new KafkaVersion(3, 9), b.Version.Line));
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
        Assert.Equal(0, harness.Simulator.Statistics.MinIsrViolations);
    }

    [Theory]
    [MemberData(nameof(ScenarioSeeds.Each), MemberType = typeof(ScenarioSeeds))]
    public async Task A_rollback_boundary_waits_for_the_right_approval(int seed)
    {
        await using var harness = new UpgradeHarness(temporal.Client, seed: seed);
        var input = new ClusterUpgradeInput(harness.ClusterId, "3.9", UpgradeStrategy.RollingUpgrade, RestartBatchSize: 3, Timing: E2E.Fast, PreApproved: false);
        var handle = await harness.StartUpgradeAsync(input);

        // Paused first so that "nothing waits for approval" is certain when it is tried.
        await handle.SignalAsync(wf => wf.PauseAsync("look before approving"));
        await handle.ProgressUntilAsync(p => p.Paused, "the pause");
        var nothing = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(wf => wf.ApproveAsync(null)));
        Assert.Contains("Nothing is waiting for approval", (nothing.InnerException as ApplicationFailureException)?.Message);
        await handle.SignalAsync(wf => wf.ResumeAsync());

        var waiting = await handle.ProgressUntilAsync(p => p.AwaitingApproval is not null, "the rollback boundary");
        Assert.StartsWith("hop 2: ", waiting.AwaitingApproval);
        Assert.Equal($"waiting for approval of {waiting.AwaitingApproval}", waiting.WaitingFor);
        Assert.False(waiting.Paused);

        // While it waits nothing moves on: the protocol stays where it was.
        Assert.Equal("3.8-IV0", harness.Simulator.Snapshot().Features.InterBrokerProtocolVersion);
        var wrong = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(wf => wf.ApproveAsync("hop 1: something else")));
        var failure = Assert.IsType<ApplicationFailureException>(wrong.InnerException);
        Assert.Equal("WrongStep", failure.ErrorType);
        Assert.Contains(waiting.AwaitingApproval!, failure.Message);

        var approved = await handle.ExecuteUpdateAsync(wf => wf.ApproveAsync(waiting.AwaitingApproval));
        Assert.Equal(waiting.AwaitingApproval, approved);
        var result = await handle.GetResultAsync();

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        Assert.Equal("3.9-IV0", harness.Simulator.Snapshot().Features.InterBrokerProtocolVersion);
        Assert.Null((await handle.ProgressAsync()).AwaitingApproval);
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
        await HistoryRecorder.MaybeRecordAsync(temporal.Client, handle.Id, "cluster-upgrade-paused-and-approved");
    }

    [Theory]
    [MemberData(nameof(ScenarioSeeds.Each), MemberType = typeof(ScenarioSeeds))]
    public async Task Abort_during_node_replacement_stops_safely_and_says_where(int seed)
    {
        await using var harness = new UpgradeHarness(temporal.Client, seed: seed);
        var input = new ClusterUpgradeInput(harness.ClusterId, "3.9", Timing: E2E.Fast, PreApproved: true, ThrottleBytesPerSecond: 50L << 20);
        var handle = await harness.StartUpgradeAsync(input);
        await E2E.UntilAsync(() => harness.Simulator.Snapshot().InFlightReassignments.Count > 0, "data to be moving");
        Assert.NotNull(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());

        await handle.SignalAsync(wf => wf.AbortAsync("maintenance window over"));
        var result = await handle.GetResultAsync();

        Assert.Equal(OperationOutcome.Aborted, result.Outcome);
        Assert.Contains("maintenance window over", result.Summary);
        Assert.Contains("in hop 1", result.Summary);
        Assert.Contains("stay in service", result.Summary);
        Assert.Null(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());
        var state = harness.Simulator.Snapshot();
        Assert.Empty(state.InFlightReassignments);
        var hosting = state.AllPartitions.SelectMany(p => p.Partition.Replicas).ToHashSet();
        Assert.All(state.Nodes.Where(n => n.State == NodeState.Decommissioned), n => Assert.DoesNotContain(n.Id, hosting));
        Assert.All(hosting, id => Assert.Equal(NodeState.Running, state.FindNode(id)!.State));
        Assert.Equal(0, harness.Simulator.Statistics.UnsafeRemovals);
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
        await HistoryRecorder.MaybeRecordAsync(temporal.Client, $"{handle.Id}/hop-1-SoftwareUpgrade", "node-replacement-aborted");
    }

    [Theory]
    [MemberData(nameof(ScenarioSeeds.Each), MemberType = typeof(ScenarioSeeds))]
    public async Task Abort_in_the_migrations_dual_write_phase_rolls_back_to_zookeeper_losing_nothing(int seed)
    {
        await using var harness = new UpgradeHarness(temporal.Client, seed: seed, adjust: E2E.On39);
        var id = $"kraft-migration-{harness.ClusterId}";
        var input = new KRaftMigrationInput(harness.ClusterId, RestartBatchSize: 1, Timing: E2E.Fast, PreApproved: false);
        var handle = await temporal.Client.StartWorkflowAsync(
            (KRaftMigrationWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(id, harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(3) });
        await E2E.UntilAsync(() => harness.Simulator.Snapshot().MetadataMode == MetadataMode.MigrationDualWrite, "dual-write", TimeSpan.FromSeconds(50));
        var ackedBefore = harness.Simulator.Statistics.AckedWrites;

        await handle.SignalAsync(wf => wf.ControlAsync(new OperatorCommand(OperatorCommandKind.Abort, "found a client on ZooKeeper")));
        var result = await handle.GetResultAsync();

        Assert.Equal(OperationOutcome.Aborted, result.Outcome);
        Assert.Contains("rolled back to ZooKeeper", result.Summary);
        var state = harness.Simulator.Snapshot();
        Assert.Equal(MetadataMode.ZooKeeper, state.MetadataMode);
        Assert.Equal(6, state.Brokers.Count(b => b.State == NodeState.Running));
        Assert.DoesNotContain(state.Nodes, n => n.IsController && n.State != NodeState.Decommissioned);

        // The brokers serve: writes keep being acknowledged after the rollback, and none acknowledged was lost.
        var ackedAfterRollback = harness.Simulator.Statistics.AckedWrites;
        Assert.True(ackedAfterRollback > ackedBefore);
        await E2E.UntilAsync(() => harness.Simulator.Statistics.AckedWrites > ackedAfterRollback, "writes acknowledged after the rollback");
        Assert.Equal(0, harness.Simulator.Statistics.LostAckedWrites);
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
        await HistoryRecorder.MaybeRecordAsync(temporal.Client, id, "kraft-migration-rolled-back");
    }
}
