using System.Net;
using System.Net.Sockets;
using Temporalio.Activities;
using Temporalio.Client;
using Temporalio.Worker;
using Temporalio.Workflows;

namespace KafkaUpgrade.EmbeddedTemporal.Tests;

/// <summary>Ten sequential activities, the benchmark's shape.</summary>
[Workflow]
public class DurableStepsWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int steps)
    {
        var total = 0;
        for (var i = 0; i < steps; i++)
        {
            total = await Workflow.ExecuteActivityAsync(() => DurableStepsActivities.Step(total, i), new()
            {
                StartToCloseTimeout = TimeSpan.FromSeconds(5),
                RetryPolicy = new() { InitialInterval = TimeSpan.FromMilliseconds(100) },
            });
        }

        return total;
    }
}

public static class DurableStepsActivities
{
    [Activity]
    public static int Step(int total, int i) => total + i;
}

/// <summary>
/// With --db, a SIGKILL of the server process in the middle of the 100-workflow load loses nothing: every operation
/// it acknowledged was committed, and after a restart on the same file every workflow completes with the right result.
/// </summary>
public sealed class DurabilityTests
{
    private const int Workflows = 100;

    [Fact]
    public async Task Server_killed_under_load_with_db_loses_no_workflow()
    {
        var db = Path.Combine(Path.GetTempPath(), $"embedded-temporal-kill-{Guid.NewGuid():N}.db");
        var port = FreePort();
        var address = $"127.0.0.1:{port}";
        var queue = $"durable-{Guid.NewGuid():N}";
        var ids = Enumerable.Range(0, Workflows).Select(i => $"durable-{i}-{Guid.NewGuid():N}").ToList();
        try
        {
            var server = await WorkerProcess.StartServerAsync(port, db);
            var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));
            using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue) { MaxConcurrentActivities = 100, MaxConcurrentWorkflowTasks = 100 }
                .AddWorkflow<DurableStepsWorkflow>().AddActivity(DurableStepsActivities.Step));
            var completedBeforeKill = 0L;
            var results = await worker.ExecuteAsync(async () =>
            {
                await Task.WhenAll(ids.Select(id => client.StartWorkflowAsync((DurableStepsWorkflow w) => w.RunAsync(10), new WorkflowOptions(id, queue))));

                // Kill once some have finished and others are mid-way.
                await Eventually.WaitAsync(async () => (completedBeforeKill = await CompletedAsync(client, queue)) >= 5, maxSeconds: 120);
                server.Kill();
                server.Dispose();
                using var restarted = await WorkerProcess.StartServerAsync(port, db);
                var after = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));
                var all = await Task.WhenAll(ids.Select(id => after.GetWorkflowHandle(id).GetResultAsync<int>()));
                Assert.Equal(Workflows, await CompletedAsync(after, queue));
                return all;
            });

            Assert.True(completedBeforeKill < Workflows, "the kill should happen while workflows are still running");
            Assert.All(results, r => Assert.Equal(45, r));
        }
        finally
        {
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(db)!, Path.GetFileName(db) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    private static async Task<long> CompletedAsync(TemporalClient client, string queue) =>
        await client.CountWorkflowsAsync($"TaskQueue = '{queue}' AND ExecutionStatus = 'Completed'") is var count ? count.Count : 0;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
