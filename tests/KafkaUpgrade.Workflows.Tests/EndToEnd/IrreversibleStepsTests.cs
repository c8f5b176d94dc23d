using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Workflows.Contracts;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>
/// Issue 12, points 3, 5 and 6: approvals name their gate and come only through the validated update; once the
/// migration's finalization is approved it is re-checked and then not interrupted; a standalone migration checks its
/// preconditions before changing anything.
/// </summary>
[Collection(TemporalCollection.Name)]
public class IrreversibleStepsTests(TemporalFixture temporal)
{
    [Theory]
    [MemberData(nameof(ScenarioSeeds.Each), MemberType = typeof(ScenarioSeeds))]
    public async Task A_migration_is_finalized_only_by_a_named_approval_and_an_abort_after_it_is_refused(int seed)
    {
        await using var harness = new UpgradeHarness(temporal.Client, seed: seed, adjust: E2E.On39);
        var input = new KRaftMigrationInput(harness.ClusterId, RestartBatchSize: 1, Timing: E2E.Fast, PreApproved: false);
        var handle = await temporal.Client.StartWorkflowAsync(
            (KRaftMigrationWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions($"kafka-upgrade-{harness.ClusterId}", harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(3) });

        // Early approvals: the control signal's (with or without the gate) is ignored, the update refused; neither is kept.
        await E2E.UntilAsync(() => harness.Simulator.Snapshot().MetadataMode != MetadataMode.ZooKeeper, "the migration to start", TimeSpan.FromSeconds(50));
        await handle.SignalAsync(wf => wf.ControlAsync(new OperatorCommand(OperatorCommandKind.Approve)));
        await handle.SignalAsync(wf => wf.ControlAsync(new OperatorCommand(OperatorCommandKind.Approve, null, KRaftMigrationWorkflow.FinalizeStep, null)));
        var early = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(wf => wf.ApproveAsync(KRaftMigrationWorkflow.FinalizeStep)));
        Assert.Equal("NothingToApprove", Assert.IsType<ApplicationFailureException>(early.InnerException).ErrorType);

        var waiting = await E2E.UntilAsync(() => temporal.Client.ProgressOfAsync(handle.Id), p => p.AwaitingApproval is not null, "the finalization gate", TimeSpan.FromSeconds(90));
        Assert.Equal(KRaftMigrationWorkflow.FinalizeStep, waiting.AwaitingApproval);

        // Still waiting a while later: the early approvals were not stored as wildcards.
        var later = harness.Simulator.Now + TimeSpan.FromMinutes(2);
        await E2E.UntilAsync(() => harness.Simulator.Now >= later, "two simulated minutes");
        Assert.Equal(MetadataMode.MigrationBrokersInKRaft, harness.Simulator.Snapshot().MetadataMode);
        Assert.Equal(KRaftMigrationWorkflow.FinalizeStep, (await temporal.Client.ProgressOfAsync(handle.Id)).AwaitingApproval);
        var unnamed = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(wf => wf.ApproveAsync(string.Empty)));
        Assert.Equal("GateNotNamed", Assert.IsType<ApplicationFailureException>(unnamed.InnerException).ErrorType);

        // Approved by name; once the cluster is re-checked the controllers roll out of migration mode, and an abort
        // then (past the point of no return) is refused.
        Assert.Equal(KRaftMigrationWorkflow.FinalizeStep, await handle.ExecuteUpdateAsync(wf => wf.ApproveAsync(KRaftMigrationWorkflow.FinalizeStep)));
        await E2E.UntilAsync(() => temporal.Client.ProgressOfAsync(handle.Id), p => p.CurrentChildWorkflowId?.EndsWith("/finalize", StringComparison.Ordinal) == true, "the finalization roll");
        await handle.SignalAsync(wf => wf.ControlAsync(new OperatorCommand(OperatorCommandKind.Abort, "second thoughts")));
        var result = await handle.GetResultAsync();

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        Assert.Contains("an abort during finalization was refused: second thoughts", result.Summary, StringComparison.Ordinal);
        var state = harness.Simulator.Snapshot();
        Assert.Equal(MetadataMode.KRaft, state.MetadataMode);
        Assert.All(state.Nodes.Where(n => n.IsController && n.State != NodeState.Decommissioned), n => Assert.Equal(NodeState.Running, n.State));
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
    }

    [Fact]
    public async Task A_standalone_migration_of_a_cluster_not_on_39_is_refused_before_anything_changes()
    {
        await using var harness = new UpgradeHarness(temporal.Client);
        var before = harness.Simulator.Snapshot().Fingerprint();
        var input = new KRaftMigrationInput(harness.ClusterId, Timing: E2E.Fast);
        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => temporal.Client.ExecuteWorkflowAsync(
            (KRaftMigrationWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions($"kafka-upgrade-{harness.ClusterId}", harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(1) }));

        var cause = Assert.IsType<ApplicationFailureException>(failed.InnerException);
        Assert.Equal(KRaftMigrationWorkflow.NotMigratable, cause.ErrorType);
        Assert.Contains("every broker must run 3.9 first", cause.Message, StringComparison.Ordinal);
        Assert.Contains("inter.broker.protocol.version must be 3.9, is 3.8-IV0", cause.Message, StringComparison.Ordinal);
        Assert.Equal(before, harness.Simulator.Snapshot().Fingerprint());
        Assert.DoesNotContain(harness.Simulator.Snapshot().Nodes, n => n.IsController);
    }

    [Fact]
    public async Task Pre_flight_verdicts_are_enforced_at_start_a_cluster_without_disk_headroom_is_refused_unchanged()
    {
        await using var harness = new UpgradeHarness(temporal.Client, adjust: s => s with { Nodes = s.Nodes.Select(n => n with { DiskCapacityBytes = 1024 }).ToList() });
        var before = harness.Simulator.Snapshot().Fingerprint();
        var handle = await harness.StartUpgradeAsync(new ClusterUpgradeInput(harness.ClusterId, "3.9", Timing: E2E.Fast, PreApproved: true));
        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());

        var cause = Assert.IsType<ApplicationFailureException>(failed.InnerException);
        Assert.Equal("PreflightRefused", cause.ErrorType);
        Assert.Contains("Nothing was changed", cause.Message, StringComparison.Ordinal);
        Assert.Equal(before, harness.Simulator.Snapshot().Fingerprint());
        Assert.Null(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());
    }
}
