using System.Net;
using Grpc.AspNetCore.Server.Model;
using KafkaUpgrade.EmbeddedTemporal.Engine;
using KafkaUpgrade.EmbeddedTemporal.Handlers;
using KafkaUpgrade.EmbeddedTemporal.Hosting;
using KafkaUpgrade.EmbeddedTemporal.Http;
using KafkaUpgrade.EmbeddedTemporal.Persistence;
using KafkaUpgrade.EmbeddedTemporal.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KafkaUpgrade.EmbeddedTemporal;

/// <summary>
/// A single-process server speaking Temporal's gRPC WorkflowService (and the search-attribute part of the OperatorService)
/// over HTTP/2 cleartext on loopback, so the unmodified Temporalio SDK can run workflows offline.
/// </summary>
public sealed class EmbeddedTemporalServer : IAsyncDisposable
{
    private readonly EmbeddedTemporalOptions options;
    private readonly CancellationTokenSource stopping = new();
    private WebApplication? app;
    private Task? scheduler;
    private IRunStore? store;

    /// <summary>Creates a server; nothing listens until <see cref="StartAsync"/>.</summary>
    public EmbeddedTemporalServer(EmbeddedTemporalOptions? options = null) => this.options = options ?? new EmbeddedTemporalOptions();

    /// <summary>The <c>host:port</c> the server listens on, for <c>TemporalClient.ConnectAsync</c>; set by <see cref="StartAsync"/>.</summary>
    public string Address { get; private set; } = "";

    /// <summary>The <c>http://host:port</c> of the HTTP API when <see cref="EmbeddedTemporalOptions.HttpPort"/> is set, else empty.</summary>
    public string HttpAddress { get; private set; } = "";

    /// <summary>Binds the port, loads persisted runs and starts serving.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        store = options.DatabasePath is null ? new InMemoryRunStore() : SqliteRunStore.Open(options.DatabasePath);
        var state = new ServerState(store);
        foreach (var name in options.SearchAttributes ?? [])
        {
            state.Namespaces.Require("default").SearchAttributes[name] = Temporalio.Api.Enums.V1.IndexedValueType.Keyword;
        }

        if (store is SqliteRunStore sqlite)
        {
            lock (state.Gate)
            {
                sqlite.LoadInto(state);
                state.NamespacesChanged();
                state.Commit();
            }
        }

        var registry = BuildRegistry(state, options.DatabasePath is null ? "memory" : "sqlite", out var timeouts);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            // One SDK connection carries every long poll (result waits, task polls); Kestrel's default of 100 streams would starve it.
            k.Limits.Http2.MaxStreamsPerConnection = 100_000;
            k.Listen(IPAddress.Loopback, options.Port, o => o.Protocols = HttpProtocols.Http2);
            if (options.HttpPort is { } httpPort)
            {
                k.Listen(IPAddress.Loopback, httpPort, o => o.Protocols = HttpProtocols.Http1);
            }
        });
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = 64 * 1024 * 1024;
            o.EnableDetailedErrors = true;
        });
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton<RpcEndpoint>();
        builder.Services.AddSingleton<IServiceMethodProvider<RpcEndpoint>, RpcMethodProvider>();
        app = builder.Build();
        if (options.HttpPort is not null)
        {
            // The gRPC port speaks HTTP/2 only and the HTTP API port HTTP/1.1 only, so the protocol tells them apart
            // even when either port was picked at random.
            var http = new HttpApi(registry, options.HttpCorsOrigin);
            app.UseWhen(c => !HttpProtocol.IsHttp2(c.Request.Protocol), branch => branch.Run(http.HandleAsync));
        }

        app.MapGrpcService<RpcEndpoint>();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        Address = addresses[0].Authority;
        if (options.HttpPort is not null)
        {
            HttpAddress = "http://" + addresses[1].Authority;
        }
        scheduler = Task.Run(() => timeouts.RunAsync(stopping.Token), CancellationToken.None);
    }

    private static RpcRegistry BuildRegistry(ServerState state, string persistence, out TimeoutScheduler timeouts)
    {
        var lifecycle = new RunLifecycle(state);
        var updates = new UpdateProtocol(state);
        var applier = new CommandApplier(lifecycle, new ExternalCommands(state, lifecycle), updates);
        var workflowTasks = new WorkflowTasks(state, applier);
        var activityTasks = new ActivityTasks(state);
        timeouts = new TimeoutScheduler(state, workflowTasks, activityTasks, lifecycle);
        var registry = new RpcRegistry();
        new NamespaceHandlers(state).Register(registry);
        new WorkerHandlers(state, workflowTasks, activityTasks).Register(registry);
        new ClientHandlers(state, new WorkflowStarter(state, lifecycle), lifecycle).Register(registry);
        new HistoryHandlers(state).Register(registry);
        new QueryUpdateHandlers(state, updates).Register(registry);
        new VisibilityHandlers(state).Register(registry);
        new TaskQueueHandlers(state).Register(registry);
        new ClusterHandlers(state, persistence).Register(registry);
        registry.AddUnimplemented(Temporalio.Api.WorkflowService.V1.ServiceReflection.Descriptor.Services[0]);
        registry.AddUnimplemented(Temporalio.Api.OperatorService.V1.ServiceReflection.Descriptor.Services[0]);
        return registry;
    }

    /// <summary>
    /// Runs a server until <paramref name="cancellationToken"/> is cancelled, printing the address it listens on
    /// (the <c>kafka-upgrade server</c> command).
    /// </summary>
    public static async Task RunAsync(EmbeddedTemporalOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var server = new EmbeddedTemporalServer(options);
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        var storage = options.DatabasePath is null ? "in memory" : $"persisted to {options.DatabasePath}";
        await output.WriteLineAsync($"Embedded Temporal server listening on {server.Address} (namespace 'default', state {storage})").ConfigureAwait(false);
        if (server.HttpAddress.Length > 0)
        {
            await output.WriteLineAsync($"Temporal HTTP API on {server.HttpAddress}/api/v1").ConfigureAwait(false);
        }
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is the normal way out.
        }
    }

    /// <summary>Stops serving; long polls end, persisted state stays on disk.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        if (app is not null)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            app = null;
        }

        if (scheduler is not null)
        {
            await scheduler.ConfigureAwait(false);
            scheduler = null;
        }

        store?.Dispose();
        store = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        stopping.Dispose();
    }
}
