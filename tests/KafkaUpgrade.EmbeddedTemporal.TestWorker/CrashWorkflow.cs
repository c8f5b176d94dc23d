using Temporalio.Common;
using Temporalio.Workflows;

namespace KafkaUpgrade.EmbeddedTemporal.TestWorker;

/// <summary>Three steps; waits for a signal after the first, so a test can kill the worker between activities.</summary>
[Workflow]
public class CrashWorkflow
{
    private bool proceed;

    /// <summary>Runs the steps and joins their results.</summary>
    [WorkflowRun]
    public async Task<string> RunAsync(string directory)
    {
        var options = new ActivityOptions
        {
            StartToCloseTimeout = TimeSpan.FromMinutes(2),
            HeartbeatTimeout = TimeSpan.FromSeconds(2),
            RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(100) },
        };
        var results = new List<int> { await Workflow.ExecuteActivityAsync(() => CrashActivities.StepAsync(directory, 1), options) };
        await Workflow.WaitConditionAsync(() => proceed);
        results.Add(await Workflow.ExecuteActivityAsync(() => CrashActivities.StepAsync(directory, 2), options));
        results.Add(await Workflow.ExecuteActivityAsync(() => CrashActivities.StepAsync(directory, 3), options));
        return string.Join(",", results);
    }

    /// <summary>Lets the workflow go on past the first step.</summary>
    [WorkflowSignal]
    public Task ProceedAsync()
    {
        proceed = true;
        return Task.CompletedTask;
    }
}
