using KafkaUpgrade.EmbeddedTemporal.Tests.Conformance;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Worker;

namespace KafkaUpgrade.EmbeddedTemporal.Tests;

/// <summary>Needs the embedded server itself (it stops and restarts it), so it does not use TEMPORAL_ADDRESS.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Server_restarted_mid_workflow_with_db_keeps_the_workflow_and_it_completes()
    {
        var db = Path.Combine(Path.GetTempPath(), $"embedded-temporal-{Guid.NewGuid():N}.db");
        var queue = $"restart-{Guid.NewGuid():N}";
        var id = $"restart-{Guid.NewGuid():N}";
        int port;
        await using (var server = new EmbeddedTemporalServer(new EmbeddedTemporalOptions(Port: 0, DatabasePath: db)))
        {
            await server.StartAsync();
            port = int.Parse(server.Address.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
            var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
            using var worker = new TemporalWorker(client, ConformanceTests.WorkerOptions(queue));
            await worker.ExecuteAsync(async () =>
            {
                var handle = await client.StartWorkflowAsync((InteractiveWorkflow w) => w.RunAsync(), new WorkflowOptions(id, queue));
                await handle.SignalAsync(w => w.AddAsync("before-restart"));
                await Eventually.WaitAsync(async () => (await handle.QueryAsync(w => w.Items)).Count == 1);
            });
        }

        await using (var restarted = new EmbeddedTemporalServer(new EmbeddedTemporalOptions(Port: port, DatabasePath: db)))
        {
            await restarted.StartAsync();
            var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(restarted.Address));
            var handle = client.GetWorkflowHandle<InteractiveWorkflow, string>(id);
            Assert.Equal(WorkflowExecutionStatus.Running, (await handle.DescribeAsync()).Status);
            using var worker = new TemporalWorker(client, ConformanceTests.WorkerOptions(queue));
            var result = await worker.ExecuteAsync(async () =>
            {
                await handle.SignalAsync(w => w.AddAsync("after-restart"));
                await handle.SignalAsync(w => w.FinishAsync());
                return await handle.GetResultAsync();
            });
            Assert.Equal("before-restart,after-restart", result);
            await Replay.AssertReplaysAsync(handle);
        }

        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(db)!, Path.GetFileName(db) + "*"))
        {
            File.Delete(file);
        }
    }
}
