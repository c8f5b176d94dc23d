using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Paths;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>
/// Reruns resume (issue 12, point 10): an operation terminated in the middle of a step leaves the cluster half way
/// (brokers on two versions, new brokers beside old ones with moves in flight and a throttle, a migration part done, a
/// feature level not finalized); a new operation on the same cluster plans from the cluster as it is and finishes.
/// </summary>
[Collection(TemporalCollection.Name)]
public class RerunTests(TemporalFixture temporal, Xunit.Abstractions.ITestOutputHelper output)
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
        await harness.AssertNothingLostAsync();
    }

    [Fact]
    public async Task A_node_replacement_rerun_after_a_run_died_mid_move_reuses_the_new_brokers_and_finishes_losing_nothing()
    {
        await using var harness = new UpgradeHarness(temporal.Client);
        var slow = new ClusterUpgradeInput(harness.ClusterId, "3.9", UpgradeStrategy.NodeReplacement, ReplacementBatchSize: 2, ThrottleBytesPerSecond: 50L << 20, Timing: E2E.Fast, PreApproved: true);
        var first = await harness.StartUpgradeAsync(slow);
        var hop = temporal.Client.GetWorkflowHandle(WorkflowIds.ForHop(WorkflowIds.ForCluster(harness.ClusterId), 0, nameof(UpgradeHopKind.SoftwareUpgrade)));

        // New brokers 7-12 run, some partitions are already off brokers 1 and 2 and the rest of that batch still moves.
        await E2E.UntilAsync(
            () =>
            {
                var s = harness.Simulator.Snapshot();
                var moving = s.InFlightReassignments.Select(r => r.Partition).ToHashSet();
                var moved = s.AllPartitions.Count(p => p.Partition.Replicas.Any(r => r > 6) && !moving.Contains(new TopicPartition(p.Topic.Name, p.Partition.Partition)));
                return s.Brokers.Count(b => b.Id > 6 && b.IsRunning) == 6 && moving.Count > 0 && moved > 0;
            },
            "the first run to provision six new brokers and move some partitions onto them");

        // Terminating the hop itself runs none of its clean-up: its moves keep running and its throttle stays.
        await hop.TerminateAsync("test: the replacement dies mid-move");
        await E2E.UntilAsync(async () => (await first.DescribeAsync()).Status, s => s != WorkflowExecutionStatus.Running, "the operation to end");
        var left = harness.Simulator.Snapshot();
        Assert.Equal(12, left.Brokers.Count(b => b.State != NodeState.Decommissioned));
        Assert.NotEmpty(left.InFlightReassignments);
        Assert.NotNull(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());

        // The rerun (the usual throttle): waits for the moves left in flight, then moves the rest onto brokers 7-12.
        var input = slow with { ThrottleBytesPerSecond = new ClusterUpgradeInput(harness.ClusterId, "3.9").ThrottleBytesPerSecond };
        var rerun = await harness.StartUpgradeAsync(input);
        var result = await ResultAsync(rerun, harness);

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        var state = harness.Simulator.Snapshot();
        Assert.Equal(12, state.Nodes.Count);
        Assert.Equal([7, 8, 9, 10, 11, 12], state.Brokers.Where(b => b.State != NodeState.Decommissioned).Select(b => b.Id).Order());
        Assert.All(state.Brokers.Where(b => b.Id <= 6), b => Assert.Equal(NodeState.Decommissioned, b.State));
        Assert.All(state.AllPartitions, p => Assert.All(p.Partition.Replicas, r => Assert.True(r > 6, $"{p.Topic.Name}-{p.Partition.Partition} still on broker {r}")));
        Assert.Equal("3.9-IV0", state.Features.InterBrokerProtocolVersion);
        Assert.Empty(state.InFlightReassignments);
        await harness.AssertNothingLostAsync();
    }

    [Fact]
    public async Task A_migration_rerun_after_a_run_died_with_brokers_half_in_kraft_finishes_it_without_flagging_kraft_brokers()
    {
        RecordingProvisioner? provisioner = null;
        await using var harness = new UpgradeHarness(temporal.Client, adjust: E2E.On39, wrapProvisioner: p => provisioner = new RecordingProvisioner(p));
        var input = new ClusterUpgradeInput(harness.ClusterId, "4.0", UpgradeStrategy.RollingUpgrade, Timing: E2E.Fast, PreApproved: true);
        var first = await harness.StartUpgradeAsync(input);
        var migration = temporal.Client.GetWorkflowHandle(WorkflowIds.ForHop(WorkflowIds.ForCluster(harness.ClusterId), 0, nameof(UpgradeHopKind.MigrateToKRaft)));
        var toKRaft = temporal.Client.GetWorkflowHandle($"{migration.Id}/to-kraft");

        // Two brokers restarted with process.roles=broker: the cluster is in dual-write with brokers on both sides
        // (Kafka's controllers report MIGRATION until every broker left ZooKeeper mode).
        await E2E.UntilAsync(() => provisioner!.RestartConfigs.Count(r => r.Config.ProcessRoles == NodeRoles.Broker) >= 2, "the first run to move two brokers to KRaft");
        await migration.TerminateAsync("test: the migration dies with brokers half in KRaft");
        await E2E.UntilAsync(async () => (await first.DescribeAsync()).Status, s => s != WorkflowExecutionStatus.Running, "the operation to end");
        await E2E.UntilAsync(async () => (await toKRaft.DescribeAsync()).Status, s => s != WorkflowExecutionStatus.Running, "the roll to KRaft to stop");
        var configs = await ConfigsAsync(harness);
        var inKRaft = configs.Where(c => c.Value.Roles == NodeRoles.Broker && !c.Value.IsZooKeeperBroker).Select(c => c.Key).ToHashSet();
        Assert.Contains(harness.Simulator.Snapshot().MetadataMode, new[] { MetadataMode.MigrationDualWrite, MetadataMode.MigrationBrokersInKRaft });
        Assert.InRange(inKRaft.Count, 2, 5);
        var restartsBefore = provisioner!.RestartConfigs.Count;
        var provisionedBefore = provisioner.Provisioned.Count;

        var rerun = await harness.StartUpgradeAsync(input);
        var result = await ResultAsync(rerun, harness);

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        var state = harness.Simulator.Snapshot();
        Assert.Equal(MetadataMode.KRaft, state.MetadataMode);
        Assert.All(state.Nodes.Where(n => n.State != NodeState.Decommissioned), n => Assert.Equal(new KafkaVersion(4, 0), n.Version.Line));
        Assert.Equal(provisionedBefore, provisioner.Provisioned.Count);
        var rerunRestarts = provisioner.RestartConfigs.Skip(restartsBefore).ToList();
        Assert.DoesNotContain(rerunRestarts, r => r.Config.ZooKeeperMigrationEnabled && !r.Config.IsZooKeeperBroker && r.Config.Roles == NodeRoles.Broker);
        Assert.DoesNotContain(rerunRestarts, r => inKRaft.Contains(r.NodeId) && r.Config.ZooKeeperMigrationEnabled);
        Assert.All(await ConfigsAsync(harness), c => Assert.False(c.Value.ZooKeeperMigrationEnabled, $"node {c.Key} still has zookeeper.metadata.migration.enable"));
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
        Assert.Equal(0, harness.Simulator.Statistics.MinIsrViolations);
        Assert.Equal(0, harness.Simulator.Statistics.UnsafeRemovals);
    }

    [Fact]
    public async Task An_upgrade_rerun_after_a_run_ended_before_finalizing_only_finalizes_and_restarts_nobody()
    {
        RecordingProvisioner? provisioner = null;
        await using var harness = new UpgradeHarness(temporal.Client, sample: "small-kraft-4.0.json", wrapProvisioner: p => provisioner = new RecordingProvisioner(p));
        var input = new ClusterUpgradeInput(harness.ClusterId, "4.3", UpgradeStrategy.RollingUpgrade, Timing: E2E.Fast);
        var first = await harness.StartUpgradeAsync(input);

        // Every node on 4.3; metadata.version 4.3-IV0 changes the metadata format, so its finalization waits for approval.
        await first.ProgressUntilAsync(p => p.AwaitingApproval is not null, "the first run to wait for the finalization's approval");
        await first.TerminateAsync("test: the operation dies before finalizing");
        var left = harness.Simulator.Snapshot();
        Assert.All(left.Nodes.Where(n => n.State != NodeState.Decommissioned), n => Assert.Equal(new KafkaVersion(4, 3), n.Version.Line));
        var levelBefore = left.Features.MetadataVersionLevel;
        var changesBefore = provisioner!.Restarts.Count + provisioner.Provisioned.Count + provisioner.Decommissioned.Count;

        var rerun = await harness.StartUpgradeAsync(input with { PreApproved = true });
        var result = await ResultAsync(rerun, harness);

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        var plan = await rerun.QueryAsync(wf => wf.Plan);
        Assert.Equal([UpgradeHopKind.FinalizeMetadataVersion], plan!.Hops.Select(h => h.Hop.Kind));
        var state = harness.Simulator.Snapshot();
        Assert.True(state.Features.MetadataVersionLevel > levelBefore, $"metadata.version stayed at level {levelBefore}");
        Assert.Equal(plan.Hops[0].Hop.MetadataLevel, state.Features.MetadataVersionLevel);
        Assert.Equal(changesBefore, provisioner.Restarts.Count + provisioner.Provisioned.Count + provisioner.Decommissioned.Count);
        Assert.All(state.Nodes.Where(n => n.State != NodeState.Decommissioned), n => Assert.Equal(NodeState.Running, n.State));
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
    }

    private static async Task<Dictionary<int, Core.Ports.NodeConfig>> ConfigsAsync(UpgradeHarness harness)
    {
        var configs = new Dictionary<int, Core.Ports.NodeConfig>();
        foreach (var node in harness.Simulator.Snapshot().Nodes.Where(n => n.State != NodeState.Decommissioned))
        {
            configs[node.Id] = (await harness.Simulator.Provisioner.DescribeNodeAsync(node.Id))!.Config;
        }

        return configs;
    }

    /// <summary>The run's result, its progress written to the test output every few seconds meanwhile (what a hang shows).</summary>
    private async Task<OperationResult> ResultAsync(WorkflowHandle<ClusterUpgradeWorkflow, OperationResult> handle, UpgradeHarness harness)
    {
        var result = handle.GetResultAsync();
        while (!result.IsCompleted)
        {
            await Task.WhenAny(result, Task.Delay(5000));
            try
            {
                var p = await handle.ProgressAsync();
                output.WriteLine($"{harness.Simulator.Now} {p.Phase} | {p.Step} | waiting: {p.WaitingFor} | child {p.CurrentChildWorkflowId}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                output.WriteLine($"query failed: {ex.Message}");
            }
        }

        return await result;
    }
}
