using Temporalio.Client;
using Temporalio.Worker;
using Temporalio.Workflows;

namespace KafkaUpgrade.EmbeddedTemporal.Tests.Conformance;

/// <summary>A deliberately changed GreetingWorkflow: a timer where the original ran an activity.</summary>
[Workflow("GreetingWorkflow")]
public class ChangedGreetingWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string name)
    {
        await Workflow.DelayAsync(TimeSpan.FromSeconds(1));
        return name;
    }
}

public sealed partial class ConformanceTests
{
    [Fact]
    public async Task Replay_of_a_changed_workflow_fails_with_nondeterminism()
    {
        var history = await WithWorker(async queue =>
        {
            var handle = await Client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("replay"), new WorkflowOptions(NewId("nondeterminism"), queue));
            await handle.GetResultAsync();
            await Replay.AssertReplaysAsync(handle);
            return await handle.FetchHistoryAsync();
        });

        var result = await new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<ChangedGreetingWorkflow>())
            .ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        Assert.NotNull(result.ReplayFailure);
        Assert.Contains("nondetermin", result.ReplayFailure.GetType().Name + result.ReplayFailure.Message, StringComparison.OrdinalIgnoreCase);
    }
}
