using KafkaUpgrade.Worker.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Temporalio.Client;
using Temporalio.Extensions.Hosting;

// The worker host: configuration from appsettings.json, environment (Temporal__Address=...) and the command line
// (--Temporal:Address=...); structured logs; graceful shutdown on SIGTERM. Several workers may poll one task queue.
Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateLogger();
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSerilog();
var temporal = builder.Configuration.GetSection("Temporal").Get<TemporalSettings>() ?? new TemporalSettings();
var clusters = builder.Configuration.GetSection("Clusters").Get<List<ClusterSettings>>() ?? [];

await using var simulated = SimulatedClusters.Start(clusters);
try
{
    var client = await TemporalClient.ConnectAsync(new(temporal.Address) { Namespace = temporal.Namespace });
    var added = await SearchAttributeRegistration.EnsureAsync(client);
    Log.Information("Connected to Temporal at {Address}, namespace {Namespace}; registered search attributes {Added}", temporal.Address, temporal.Namespace, added);
}
catch (Exception ex) when (ex is InvalidOperationException or Temporalio.Exceptions.RpcException)
{
    Log.Fatal("Cannot reach Temporal at {Address}: {Message}. Start the embedded server with 'kafka-upgrade server' or point Temporal:Address at your cluster.", temporal.Address, ex.Message);
    return 3;
}

builder.Services
    .AddHostedTemporalWorker(temporal.Address, temporal.Namespace, temporal.TaskQueue)
    .ConfigureOptions(options => options.AddKafkaUpgrade(simulated.Registry));
Log.Information("Worker polling task queue {TaskQueue} for clusters {Clusters}", temporal.TaskQueue, simulated.Registry.ClusterIds);
await builder.Build().RunAsync();
return 0;
