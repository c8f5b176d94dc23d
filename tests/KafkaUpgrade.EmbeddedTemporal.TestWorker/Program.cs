using KafkaUpgrade.EmbeddedTemporal.TestWorker;
using Temporalio.Client;
using Temporalio.Worker;

if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: KafkaUpgrade.EmbeddedTemporal.TestWorker <address> <task-queue>");
    return 2;
}

var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(args[0]));
using var worker = new TemporalWorker(
    client,
    new TemporalWorkerOptions(args[1]).AddActivity(CrashActivities.StepAsync).AddWorkflow<CrashWorkflow>());
Console.WriteLine("worker started");
await worker.ExecuteAsync(CancellationToken.None);
return 0;
