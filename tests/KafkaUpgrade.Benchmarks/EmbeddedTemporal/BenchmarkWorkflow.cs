using Temporalio.Activities;
using Temporalio.Workflows;

namespace KafkaUpgrade.Benchmarks.EmbeddedTemporal;

/// <summary>Ten sequential activities, the shape of an upgrade's step list.</summary>
[Workflow]
public class BenchmarkWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int steps)
    {
        var total = 0;
        for (var i = 0; i < steps; i++)
        {
            total = await Workflow.ExecuteActivityAsync(() => BenchmarkActivities.Step(total, i), new() { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
        }

        return total;
    }
}

public static class BenchmarkActivities
{
    [Activity]
    public static int Step(int total, int i) => total + i;
}
