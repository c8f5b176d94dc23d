using KafkaUpgrade.Worker.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Temporalio.Client;
using Temporalio.Extensions.Hosting;

namespace KafkaUpgrade.Worker.Hosting;

/// <summary>
/// The worker host, shared by this project's executable and the CLI's <c>worker</c> command: configuration from
/// appsettings.json (beside the binary), environment (<c>Temporal__Address=...</c>), the command line
/// (<c>--Temporal:Address=...</c>) and the caller's overrides; Serilog structured logs; graceful shutdown on
/// SIGTERM / Ctrl+C. Several workers may poll one task queue and share the work.
/// </summary>
public static class WorkerHost
{
    /// <summary>Exit code when Temporal cannot be reached.</summary>
    public const int TemporalUnreachable = 3;

    /// <summary>Exit code for bad configuration (unknown adapter, missing snapshot).</summary>
    public const int BadConfiguration = 2;

    /// <summary>Runs a worker until stopped; returns the process exit code.</summary>
    /// <param name="args">Command-line configuration (<c>--Temporal:Address=host:port</c>, <c>--Clusters:0:Id=...</c>).</param>
    /// <param name="temporalOverride">Where Temporal is, set by the caller (the CLI's options), instead of configuration.</param>
    /// <param name="clustersOverride">The clusters, set by the caller, instead of configuration's <c>Clusters</c>.</param>
    /// <param name="cancellationToken">Stops the worker gracefully.</param>
    public static async Task<int> RunAsync(string[] args, TemporalSettings? temporalOverride = null, IReadOnlyList<ClusterSettings>? clustersOverride = null, CancellationToken cancellationToken = default)
    {
        Log.Logger = new LoggerConfiguration().WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture).CreateLogger();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSerilog();
        var temporal = temporalOverride ?? builder.Configuration.GetSection("Temporal").Get<TemporalSettings>() ?? new TemporalSettings();
        var clusters = clustersOverride ?? builder.Configuration.GetSection("Clusters").Get<List<ClusterSettings>>() ?? [];
        ClusterBindings bindings;
        try
        {
            bindings = ClusterBindings.Start(clusters);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or Core.Snapshots.SnapshotFormatException)
        {
            Log.Fatal("Bad cluster configuration: {Message}", ex.Message);
            return BadConfiguration;
        }

        await using (bindings.ConfigureAwait(false))
        {
            try
            {
                var client = await TemporalClient.ConnectAsync(new(temporal.Address) { Namespace = temporal.Namespace }).WaitAsync(cancellationToken).ConfigureAwait(false);
                var added = await SearchAttributeRegistration.EnsureAsync(client, cancellationToken).ConfigureAwait(false);
                Log.Information("Connected to Temporal at {Address}, namespace {Namespace}; registered search attributes {Added}", temporal.Address, temporal.Namespace, added);
            }
            catch (Exception ex) when (ex is InvalidOperationException or Temporalio.Exceptions.RpcException)
            {
                Log.Fatal("Cannot reach Temporal at {Address}: {Message}. Start the embedded server with 'kafka-upgrade server' or point Temporal:Address at your cluster.", temporal.Address, ex.Message);
                return TemporalUnreachable;
            }

            builder.Services
                .AddHostedTemporalWorker(temporal.Address, temporal.Namespace, temporal.TaskQueue)
                .ConfigureOptions(options => options.AddKafkaUpgrade(bindings.Registry));
            Log.Information("Worker polling task queue {TaskQueue} for clusters {Clusters}", temporal.TaskQueue, bindings.Registry.ClusterIds);
            using var host = builder.Build();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
    }
}
