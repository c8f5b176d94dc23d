using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Paths;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Support;
using Temporalio.Client;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

[Collection(TemporalCollection.Name)]
public class ClusterUpgradeTests(TemporalFixture temporal, Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly StepTiming Fast = new(PollIntervalMs: 100, StallAfterMs: 60_000);

    [Theory]
    [InlineData(7)]
    [InlineData(19)]
    [InlineData(42)]
    public async Task A_rolling_upgrade_to_39_restarts_every_broker_bumps_the_protocol_and_loses_nothing(int seed)
    {
        await using var harness = new UpgradeHarness(temporal.Client, seed: seed);
        var input = new ClusterUpgradeInput(harness.ClusterId, "3.9", UpgradeStrategy.RollingUpgrade, RestartBatchSize: 3, Timing: Fast, PreApproved: true);
        var result = await temporal.Client.ExecuteWorkflowAsync(
            (ClusterUpgradeWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(WorkflowIds.ForCluster(harness.ClusterId), harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(3) });

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        var state = harness.Simulator.Snapshot();
        Assert.All(state.Brokers, b => Assert.Equal(new KafkaVersion(3, 9), b.Version.Line));
        Assert.Equal("3.9-IV0", state.Features.InterBrokerProtocolVersion);
        var stats = harness.Simulator.Statistics;
        Assert.True(stats.AckedWrites > 0);
        Assert.Equal(0, stats.LostAckedWrites);
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
        Assert.Equal(0, stats.MinIsrViolations);
        Assert.Equal(0, stats.UnsafeRemovals);
        if (seed == 7)
        {
            var id = WorkflowIds.ForCluster(harness.ClusterId);
            await HistoryRecorder.MaybeRecordAsync(temporal.Client, id, "cluster-upgrade-rolling-39");
            await HistoryRecorder.MaybeRecordAsync(temporal.Client, WorkflowIds.ForHop(id, 0, nameof(UpgradeHopKind.SoftwareUpgrade)), "rolling-upgrade-hop");
        }
    }

    [Theory]
    [MemberData(nameof(ScenarioSeeds.Each), MemberType = typeof(ScenarioSeeds))]
    public async Task The_full_path_from_zookeeper_38_to_kraft_41_by_node_replacement(int seed)
    {
        await using var harness = new UpgradeHarness(temporal.Client, seed: seed, speed: 2000);
        var input = new ClusterUpgradeInput(harness.ClusterId, "4.1", Timing: Fast, PreApproved: true, ThrottleBytesPerSecond: 500L << 20);
        var handle = await temporal.Client.StartWorkflowAsync(
            (ClusterUpgradeWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(WorkflowIds.ForCluster(harness.ClusterId), harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(5) });
        var resultTask = handle.GetResultAsync();
        while (!resultTask.IsCompleted)
        {
            await Task.WhenAny(resultTask, Task.Delay(5000));
            try
            {
                var p = await handle.QueryAsync(wf => wf.Progress);
                output.WriteLine($"{harness.Simulator.Now} {p.Phase} | {p.Step} | waiting: {p.WaitingFor} | child {p.CurrentChildWorkflowId} | mode {harness.Simulator.Snapshot().MetadataMode}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                output.WriteLine($"query failed: {ex.Message}");
            }
        }

        var result = await resultTask;

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        var state = harness.Simulator.Snapshot();
        Assert.Equal(MetadataMode.KRaft, state.MetadataMode);
        Assert.All(state.Nodes.Where(n => n.State != NodeState.Decommissioned), n => Assert.Equal(new KafkaVersion(4, 1), n.Version.Line));
        Assert.Equal(27, state.Features.MetadataVersionLevel);
        Assert.Equal(6, state.Brokers.Count(b => b.State == NodeState.Running));
        var stats = harness.Simulator.Statistics;
        Assert.Equal(0, stats.LostAckedWrites);
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
        Assert.Equal(0, stats.MinIsrViolations);
        Assert.Equal(0, stats.UnsafeRemovals);
        Assert.Null(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());
    }
}
