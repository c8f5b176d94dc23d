using KafkaUpgrade.EmbeddedTemporal.TestWorker;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Worker;

namespace KafkaUpgrade.EmbeddedTemporal.Tests;

[Collection(ServerCollection.Name)]
public sealed class CrashTests(ServerFixture fixture)
{
    [Fact]
    public async Task Killed_workers_are_replaced_and_the_workflow_completes_with_the_same_result()
    {
        var dir = Directory.CreateTempSubdirectory("crash-test-").FullName;
        var queue = $"crash-{Guid.NewGuid():N}";
        var client = fixture.Client;
        File.WriteAllText(Path.Combine(dir, "block-2"), "");
        using (var first = WorkerProcess.Start(fixture.Address, queue))
        {
            var handle = await client.StartWorkflowAsync("CrashWorkflow", [dir], new WorkflowOptions($"crash-{Guid.NewGuid():N}", queue));

            // Kill 1: the first activity completed and the workflow waits for its signal, between activities.
            await Eventually.WaitAsync(async () =>
            {
                var events = (await handle.FetchHistoryAsync()).Events;
                return events.Any(e => e.EventType == EventType.ActivityTaskCompleted) && events.Last().EventType == EventType.WorkflowTaskCompleted;
            });
            first.Kill();

            using var second = WorkerProcess.Start(fixture.Address, queue);
            await handle.SignalAsync("Proceed", []);

            // Kill 2: the second activity is running (it holds on its block file).
            await Eventually.WaitAsync(() => Task.FromResult(File.Exists(Path.Combine(dir, "started-2-1"))));
            second.Kill();

            File.Delete(Path.Combine(dir, "block-2"));
            using var third = WorkerProcess.Start(fixture.Address, queue);
            var result = await handle.GetResultAsync<string>();

            Assert.Equal("10,20,30", result);
            Assert.True(File.Exists(Path.Combine(dir, "started-2-2")), "the running activity was retried on another attempt");
            var replay = await new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<CrashWorkflow>())
                .ReplayWorkflowAsync(await handle.FetchHistoryAsync(), throwOnReplayFailure: false);
            Assert.Null(replay.ReplayFailure);
        }

        Directory.Delete(dir, recursive: true);
    }
}
