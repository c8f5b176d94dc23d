using KafkaUpgrade.EmbeddedTemporal.TestWorker;
using Temporalio.Client;
using Temporalio.Worker;

if (args.Length == 3 && args[0] == "server")
{
    // The embedded server as its own process, so a test can SIGKILL it mid-load.
    var port = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
    await KafkaUpgrade.EmbeddedTemporal.EmbeddedTemporalServer.RunAsync(
        new KafkaUpgrade.EmbeddedTemporal.EmbeddedTemporalOptions(Port: port, DatabasePath: args[2]), Console.Out, CancellationToken.None);
    return 0;
}

if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: KafkaUpgrade.EmbeddedTemporal.TestWorker <address> <task-queue> | server <port> <db-file>");
    return 2;
}

var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(args[0]));
using var worker = new TemporalWorker(
    client,
    new TemporalWorkerOptions(args[1]).AddActivity(CrashActivities.StepAsync).AddWorkflow<CrashWorkflow>());
Console.WriteLine("worker started");
await worker.ExecuteAsync(CancellationToken.None);
return 0;
