using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Kafka.Admin;
using KafkaUpgrade.Kafka.Client;
using KafkaUpgrade.Kafka.Connection;
using KafkaUpgrade.Kafka.Metrics;
using KafkaUpgrade.Simulation;
using KafkaUpgrade.Simulation.Wire;

namespace KafkaUpgrade.Kafka.Tests;

/// <summary>A sample cluster served over Kafka's protocol by the wire front (clock still: tests step it), and the adapter bound to it.</summary>
internal sealed class WireCluster : IAsyncDisposable
{
    private WireCluster(WireFront front, KafkaClusterAdmin admin)
    {
        Front = front;
        Admin = admin;
    }

    public WireFront Front { get; }

    public KafkaClusterAdmin Admin { get; }

    public KafkaSimulator Simulator => Front.Simulator;

    public ClusterState State => Simulator.Snapshot();

    /// <param name="sample">The snapshot served.</param>
    /// <param name="controllers">Bind the bootstrap controllers (the controllers' own listeners).</param>
    /// <param name="metrics">Bind the metrics endpoint.</param>
    /// <param name="expectedClusterId">The binding's cluster id (default: the sample's).</param>
    /// <param name="seed">The simulator's seed.</param>
    /// <param name="controllerBootstrap">Bind the front's controller bootstrap address instead, as an operator binds one DNS name for every controller.</param>
    public static async Task<WireCluster> StartAsync(string sample = "small-kraft-4.0.json", bool controllers = true, bool metrics = true, string? expectedClusterId = null, int seed = 7, bool controllerBootstrap = false)
    {
        var simulator = KafkaSimulator.LoadSnapshot(Path.Combine(AppContext.BaseDirectory, "samples", sample), new SimulationOptions { Seed = seed });
        var front = await WireFront.StartAsync(simulator, new WireFrontOptions { Speed = 0 });
        var admin = Bind(front, controllers, metrics, expectedClusterId ?? simulator.Snapshot().ClusterId, controllerBootstrap ? ControllerBootstrapOptions(front) : null);
        return new WireCluster(front, admin);
    }

    /// <summary>The brokers and, as the bootstrap controllers, the front's one controller bootstrap address.</summary>
    public static KafkaClientOptions ControllerBootstrapOptions(WireFront front) => new()
    {
        BootstrapServers = CommandConfig.Split(front.BootstrapServers),
        BootstrapControllers = [front.ControllerBootstrap],
        RequestTimeout = TimeSpan.FromSeconds(10),
        MaxAttempts = 3,
    };

    public static KafkaClusterAdmin Bind(WireFront front, bool controllers, bool metrics, string? expectedClusterId, KafkaClientOptions? options = null, Func<KafkaAdminOptions, KafkaAdminOptions>? adjust = null)
    {
        options ??= new KafkaClientOptions
        {
            BootstrapServers = CommandConfig.Split(front.BootstrapServers),
            BootstrapControllers = controllers && front.BootstrapControllers is { } c ? CommandConfig.Split(c) : [],
            RequestTimeout = TimeSpan.FromSeconds(10),
            MaxAttempts = 3,
        };
        var client = new KafkaClusterClient("wire", expectedClusterId, options, new ProtocolConnector(options));
        var adminOptions = new KafkaAdminOptions
        {
            Binding = "wire",
            ExpectedClusterId = expectedClusterId,
            Metrics = metrics && front is not null ? new MetricsOptions { UrlTemplate = $"{front.MetricsAddress}nodes/{{id}}/metrics", RateWindow = TimeSpan.FromMilliseconds(200) } : null,
        };
        return new KafkaClusterAdmin(client, adjust is null ? adminOptions : adjust(adminOptions));
    }

    public async Task RunUntilAsync(Func<ClusterState, bool> condition, TimeSpan? timeout = null)
    {
        Assert.True(Simulator.RunUntil(condition, timeout ?? TimeSpan.FromMinutes(10)), "condition not reached in simulated time");
        await Front.SyncAsync();
    }

    /// <summary>
    /// Runs a call that Kafka answers only after something happens in the cluster (a voter change is answered once
    /// committed under the new voter set) while stepping simulated time until it returns.
    /// </summary>
    public async Task WhileSteppingAsync(Func<Task> call, TimeSpan? timeout = null)
    {
        var pending = Task.Run(call);
        var limit = Simulator.Now + (timeout ?? TimeSpan.FromMinutes(5));
        while (!pending.IsCompleted && Simulator.Now < limit)
        {
            Simulator.Step(Simulator.Tick);
            await Task.WhenAny(pending, Task.Delay(5));
        }

        await pending;
    }

    public async ValueTask DisposeAsync()
    {
        await Admin.DisposeAsync();
        await Front.DisposeAsync();
    }
}
