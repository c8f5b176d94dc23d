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
    /// <summary>Every recorded history by file name (without <c>.json</c>).</summary>
    private static SortedDictionary<string, WorkflowHistory> LoadHistories()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Histories");
        return new SortedDictionary<string, WorkflowHistory>(
            Directory.GetFiles(folder, "*.json").ToDictionary(file => Path.GetFileNameWithoutExtension(file), file => WorkflowHistory.FromJson(WorkflowIdOf(file), File.ReadAllText(file))),
            StringComparer.Ordinal);
    }

    /// <summary>The recorded run's workflow id (children's ids derive from it), kept beside the history.</summary>
    private static string WorkflowIdOf(string historyFile)
    {
        var idFile = Path.ChangeExtension(historyFile, null) + EndToEnd.HistoryRecorder.WorkflowIdSuffix;
        return File.Exists(idFile) ? File.ReadAllText(idFile).Trim() : Path.GetFileNameWithoutExtension(historyFile);
    }

    [Fact]
    public async Task Recorded_histories_replay_against_the_current_workflow_code()
    {
        var histories = LoadHistories();
        Assert.True(histories.Count >= 4, $"expected the recorded histories, found {histories.Count}");
        // With the interceptor workers run: the recorded cluster id it adds as headers must not change a replay.
        var options = new WorkflowReplayerOptions { Interceptors = [new Support.ClusterIdentityPropagation()] };
        foreach (var workflow in WorkerComposition.Workflows)
        {
            options.AddWorkflow(workflow);
        }

        var replayer = new WorkflowReplayer(options);
        foreach (var result in await replayer.ReplayWorkflowsAsync(histories.Values, throwOnReplayFailure: false))
        {
            Assert.True(result.ReplayFailure is null, $"{result.History.Id}: {result.ReplayFailure}");
        }
    }

    [Fact]
    public async Task An_incompatible_change_to_a_released_workflow_is_detected()
    {
        var history = LoadHistories()["rolling-upgrade-hop"];
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
