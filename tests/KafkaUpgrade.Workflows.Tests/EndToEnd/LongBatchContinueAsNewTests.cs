using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Workflows.Contracts;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>
/// A batch that moves data for a long time polls all the while; its history must stay bounded too, so the run
/// continues as new in the middle of the batch and the next run picks the same moves up where they are.
/// </summary>
[Collection(TemporalCollection.Name)]
public class LongBatchContinueAsNewTests(TemporalFixture temporal)
{
    [Fact]
    public async Task A_long_batch_continues_as_new_mid_move_and_the_next_run_finishes_it()
    {
        await using var harness = new UpgradeHarness(temporal.Client, speed: 1000, writeBytesPerSecond: 10_000);
        var id = $"node-replacement-{harness.ClusterId}";

        // A low throttle makes the one batch take many polls; a low event bound makes the run continue as new inside it.
        var input = new NodeReplacementInput(harness.ClusterId, "3.9", BatchSize: 6, ThrottleBytesPerSecond: 20L << 20, Timing: E2E.Fast, ContinueAsNewAfterEvents: 150);
        var handle = await temporal.Client.StartWorkflowAsync(
            (NodeReplacementWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(id, harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(4) });
        var result = await handle.GetResultAsync();

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        var runs = new List<WorkflowExecution>();
        await foreach (var run in temporal.Client.ListWorkflowsAsync($"WorkflowId = '{id}'"))
        {
            runs.Add(run);
        }

        Assert.True(runs.Count >= 2, $"expected the batch to span runs, got {runs.Count}");
        var midBatch = 0;
        foreach (var run in runs)
        {
            var history = await temporal.Client.GetWorkflowHandle(id, run.RunId).FetchHistoryAsync();
            // The bound is checked once per poll of the move; a run may add the steps around a batch (provisioning,
            // retiring) on top, a fixed amount however long the move takes.
            Assert.True(history.Events.Count < (2 * 150) + 250, $"run {run.RunId} has {history.Events.Count} events");
            var last = history.Events.Last();
            if (last.EventType == EventType.WorkflowExecutionContinuedAsNew
                && last.WorkflowExecutionContinuedAsNewEventAttributes.Input.Payloads_[0].Data.ToStringUtf8().Contains("\"BatchInFlight\":[", StringComparison.Ordinal))
            {
                midBatch++;
            }
        }

        Assert.True(midBatch >= 1, "no run continued as new in the middle of the batch");
        var state = harness.Simulator.Snapshot();
        Assert.All(state.Brokers.Where(b => b.State == NodeState.Running), b => Assert.Equal(new KafkaVersion(3, 9), b.Version.Line));
        Assert.Equal(6, state.Brokers.Count(b => b.State == NodeState.Running));
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
        Assert.Equal(0, harness.Simulator.Statistics.UnsafeRemovals);
        Assert.Null(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());
    }
}
