using Temporalio.Client;
using Temporalio.Worker;

namespace KafkaUpgrade.EmbeddedTemporal.Tests.Conformance;

[Collection(ServerCollection.Name)]
public sealed partial class ConformanceTests(ServerFixture fixture)
{
    private static int sequence;

    private TemporalClient Client => fixture.Client;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private async Task<T> WithWorker<T>(Func<string, Task<T>> body)
    {
        var queue = $"conformance-{Interlocked.Increment(ref sequence)}-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(Client, WorkerOptions(queue));
        return await worker.ExecuteAsync(() => body(queue));
    }

    internal static TemporalWorkerOptions WorkerOptions(string queue) =>
        new TemporalWorkerOptions(queue)
            .AddAllActivities(new Activities())
            .AddWorkflow<GreetingWorkflow>()
            .AddWorkflow<SequenceWorkflow>()
            .AddWorkflow<RetryWorkflow>()
            .AddWorkflow<HeartbeatTimeoutWorkflow>()
            .AddWorkflow<TimerWorkflow>()
            .AddWorkflow<InteractiveWorkflow>()
            .AddWorkflow<ParentWorkflow>()
            .AddWorkflow<ContinueAsNewWorkflow>()
            .AddWorkflow<CancellableWorkflow>()
            .AddWorkflow<WaitForeverWorkflow>()
            .AddWorkflow<TaggingWorkflow>();

    [Fact]
    public async Task Workflow_with_one_activity_returns_its_result()
    {
        var result = await WithWorker(queue => Client.ExecuteWorkflowAsync(
            (GreetingWorkflow w) => w.RunAsync("Kafka"),
            new WorkflowOptions(NewId("greet"), queue)));
        Assert.Equal("Hello, Kafka!", result);
    }
}
