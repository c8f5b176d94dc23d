using KafkaUpgrade.EmbeddedTemporal.Tests.Conformance;
using Temporalio.Client;
using Temporalio.Worker;

namespace KafkaUpgrade.EmbeddedTemporal.Tests;

/// <summary>Replays a history this server wrote with the SDK's own replayer.</summary>
internal static class Replay
{
    public static async Task AssertReplaysAsync(WorkflowHandle handle)
    {
        var history = await handle.FetchHistoryAsync();
        var options = new WorkflowReplayerOptions();
        foreach (var definition in ConformanceTests.WorkerOptions("replay").Workflows)
        {
            options.Workflows.Add(definition);
        }

        var result = await new WorkflowReplayer(options).ReplayWorkflowAsync(history, throwOnReplayFailure: false);
        Assert.Null(result.ReplayFailure);
    }
}
