using KafkaUpgrade.Activities;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Worker.Composition;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Worker;
using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows.Tests;

/// <summary>
/// Histories of real end-to-end runs, kept in <c>Histories/</c>, replayed against the workflow code as it is now:
/// a change that would break workflows already running in production fails here, not in production.
/// Re-record with <c>RECORD_HISTORIES=1</c> (see workflows/README.md).
/// </summary>
public class RecordedHistoryTests
{
    private static List<WorkflowHistory> LoadHistories()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Histories");
        return Directory.GetFiles(folder, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(file => WorkflowHistory.FromJson(Path.GetFileNameWithoutExtension(file), File.ReadAllText(file)))
            .ToList();
    }

    [Fact]
    public async Task Recorded_histories_replay_against_the_current_workflow_code()
    {
        var histories = LoadHistories();
        Assert.True(histories.Count >= 4, $"expected the recorded histories, found {histories.Count}");
        var options = new WorkflowReplayerOptions();
        foreach (var workflow in WorkerComposition.Workflows)
        {
            options.AddWorkflow(workflow);
        }

        var replayer = new WorkflowReplayer(options);
        foreach (var result in await replayer.ReplayWorkflowsAsync(histories, throwOnReplayFailure: false))
        {
            Assert.True(result.ReplayFailure is null, $"{result.History.Id}: {result.ReplayFailure}");
        }
    }

    [Fact]
    public async Task An_incompatible_change_to_a_released_workflow_is_detected()
    {
        var history = LoadHistories().Single(h => h.Id == "rolling-upgrade-hop");
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<ChangedRollingUpgrade>());

        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        Assert.IsType<WorkflowNondeterminismException>(result.ReplayFailure);
    }

    /// <summary>RollingUpgrade as someone might change it without <c>Workflow.Patched</c>: a different first activity.</summary>
    [Workflow("RollingUpgrade")]
    public sealed class ChangedRollingUpgrade
    {
        /// <summary>Measures lag first where the released code planned restart batches.</summary>
        [WorkflowRun]
        public async Task<OperationResult> RunAsync(RollingUpgradeInput input)
        {
            await Workflow.ExecuteActivityAsync(
                (ClusterActivities a) => a.MeasureConsumerLagAsync(input.ClusterId),
                new ActivityOptions { StartToCloseTimeout = TimeSpan.FromMinutes(1) });
            return new OperationResult(OperationOutcome.Completed, "changed");
        }
    }
}
