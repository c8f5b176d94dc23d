using System.Net;
using KafkaUpgrade.Simulation.Wire.Control;
using KafkaUpgrade.Simulation.Wire.Handlers;
using KafkaUpgrade.Simulation.Wire.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaUpgrade.Simulation.Wire;

/// <summary>
/// A simulated Kafka cluster served as a Kafka endpoint: every node on its own loopback port(s) speaking Kafka's
/// protocol as the release it runs, metrics per node in Prometheus text, and a control endpoint for what is not a
/// Kafka API (provisioning, faults, traffic, clock, statistics). The admin state clients change over the wire is
/// the simulator's own.
/// </summary>
public sealed partial class WireFront : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<int, double> _bytesInTotals = [];
    private readonly Lock _metricsGate = new();
    private readonly ILogger _logger;
    private WebApplication? _metricsApp;
    private WebApplication? _controlApp;
    private Task? _syncLoop;
    private long _lastMetricsMs;

    private WireFront(KafkaSimulator simulator, WireFrontOptions options, ILogger logger)
    {
        Simulator = simulator;
        Options = options;
        _logger = logger;
        Cache = new SnapshotCache(simulator);
        StartedAtUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (long)simulator.Now.TotalMilliseconds;
        Clock = new ClockControl(simulator, options.Speed);
        Ports = new NodePorts(options, (nodeId, controller) => new KafkaRequestDispatcher(this, nodeId, controller), logger);
    }

    /// <summary>The cluster served.</summary>
    public KafkaSimulator Simulator { get; }

    /// <summary>How it is served.</summary>
    public WireFrontOptions Options { get; }

    /// <summary>The Prometheus metrics endpoint: <c>{Metrics}nodes/{id}/metrics</c> per node.</summary>
    public Uri MetricsAddress { get; private set; } = null!;

    /// <summary>The control endpoint (see the README for its routes).</summary>
    public Uri ControlAddress { get; private set; } = null!;

    internal SnapshotCache Cache { get; }

    internal ILogger Logger => _logger;

    /// <summary>Wall-clock time at simulated time 0, for the timestamps Kafka reports (DescribeQuorum).</summary>
    internal long StartedAtUnixMs { get; }

    internal NodePorts Ports { get; }

    internal ClockControl Clock { get; }

    /// <summary>Every node listener with its port and whether it is open now.</summary>
    public IReadOnlyList<NodeEndpoint> Endpoints => Ports.Endpoints(Simulator.DescribeNodes());

    /// <summary>Broker listeners, comma-separated, for <c>--bootstrap-server</c> (every broker that exists, running or not).</summary>
    public string BootstrapServers => string.Join(',', Endpoints.Where(e => !e.IsController).Select(e => e.Address));

    /// <summary>Controller listeners for <c>--bootstrap-controller</c>, or null when the cluster has no KRaft controller.</summary>
    public string? BootstrapControllers
    {
        get
        {
            var controllers = Endpoints.Where(e => e.IsController).Select(e => e.Address).ToList();
            return controllers.Count == 0 ? null : string.Join(',', controllers);
        }
    }

    /// <summary>
    /// The controller bootstrap address, <c>127.0.0.1:P</c>: open from start to stop whatever the controllers do. A
    /// connection is bound for its life to the next running, reachable KRaft controller listener (round robin by node
    /// id, as DNS round robin over A records) and served exactly as that listener serves it; with none, it is closed
    /// at once, as a name that resolves to no live host fails. What <c>controller.quorum.bootstrap.servers</c> /
    /// <c>--bootstrap-controller</c> point at when they name every controller (KIP-853), even before any exists.
    /// </summary>
    public string ControllerBootstrap => $"127.0.0.1:{Ports.ControllerBootstrapPort}";

    /// <summary>
    /// The broker bootstrap address, <c>127.0.0.1:P</c>: as <see cref="ControllerBootstrap"/> over the broker
    /// listeners (ZooKeeper-mode or KRaft), what a bootstrap list that outlives node replacement points at.
    /// </summary>
    public string BrokerBootstrap => $"127.0.0.1:{Ports.BrokerBootstrapPort}";

    /// <summary>Starts serving <paramref name="simulator"/>; its clock runs at <see cref="WireFrontOptions.Speed"/>.</summary>
    public static async Task<WireFront> StartAsync(KafkaSimulator simulator, WireFrontOptions? options = null, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        var front = new WireFront(simulator, options ?? new WireFrontOptions(), (loggers ?? NullLoggerFactory.Instance).CreateLogger("KafkaUpgrade.Simulation.Wire"));
        try
        {
            await front.SyncAsync().ConfigureAwait(false);
            front.Ports.OpenControllerBootstrap();
            front._metricsApp = await StartHttpAsync(front.Options.MetricsPort, app => MetricsEndpoint.Map(app, front), cancellationToken).ConfigureAwait(false);
            front.MetricsAddress = BoundAddress(front._metricsApp);
            front._controlApp = await StartHttpAsync(front.Options.ControlPort, app => ControlEndpoint.Map(app, front), cancellationToken).ConfigureAwait(false);
            front.ControlAddress = BoundAddress(front._controlApp);
            front._syncLoop = front.SyncLoopAsync(front._stop.Token);
            return front;
        }
        catch
        {
            await front.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The lines <c>kafka-upgrade simulate</c> prints: bootstrap, bootstrap-controller (KRaft), controller-bootstrap, broker-bootstrap, metrics, control.</summary>
    public IReadOnlyList<string> Banner()
    {
        var lines = new List<string> { $"bootstrap: {BootstrapServers}" };
        if (BootstrapControllers is { } controllers)
        {
            lines.Add($"bootstrap-controller: {controllers}");
        }

        lines.Add($"controller-bootstrap: {ControllerBootstrap}");
        lines.Add($"broker-bootstrap: {BrokerBootstrap}");
        lines.Add($"metrics: {MetricsAddress}");
        lines.Add($"control: {ControlAddress}");
        return lines;
    }

    /// <summary>Opens and closes node ports to match the nodes now (also done every <see cref="WireFrontOptions.SyncInterval"/>).</summary>
    public async Task SyncAsync()
    {
        // Node states only (cheap): the full snapshot is built when a request needs it, not on every sync.
        await Ports.SyncAsync(Simulator.DescribeNodes()).ConfigureAwait(false);
        AccumulateBytesIn((long)Simulator.Now.TotalMilliseconds);
    }

    /// <summary>Stops serving: every port closes, the clock stops.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_syncLoop is not null)
        {
            try
            {
                await _syncLoop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Expected on stop.
            }
        }

        foreach (var app in new[] { _controlApp, _metricsApp })
        {
            if (app is not null)
            {
                await app.StopAsync().ConfigureAwait(false);
                await app.DisposeAsync().ConfigureAwait(false);
            }
        }

        await Ports.DisposeAsync().ConfigureAwait(false);
        await Clock.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>A node's BytesInPerSec count so far and the simulated time (ms) it was counted to (the simulator gives the rate; the front integrates it over simulated time).</summary>
    internal (double Total, long AtMs) BytesIn(int nodeId)
    {
        lock (_metricsGate)
        {
            return (_bytesInTotals.GetValueOrDefault(nodeId), _lastMetricsMs);
        }
    }

    /// <summary>Called after a change made through the front: the next request sees it, ports follow at once.</summary>
    internal Task ChangedAsync()
    {
        Cache.Invalidate();
        return SyncAsync();
    }

    private static async Task<WebApplication> StartHttpAsync(int port, Action<WebApplication> map, CancellationToken token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        map(app);
        await app.StartAsync(token).ConfigureAwait(false);
        return app;
    }

    private static Uri BoundAddress(WebApplication app) =>
        new(app.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + "/");

    private void AccumulateBytesIn(long nowMs)
    {
        var rates = Simulator.Admin.DescribeBytesInPerSecondAsync().GetAwaiter().GetResult();
        lock (_metricsGate)
        {
            var elapsedMs = Math.Max(0, nowMs - _lastMetricsMs);
            _lastMetricsMs = nowMs;
            foreach (var (node, rate) in rates)
            {
                _bytesInTotals[node] = _bytesInTotals.GetValueOrDefault(node) + (rate * elapsedMs / 1000.0);
            }
        }
    }

    private async Task SyncLoopAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(Options.SyncInterval);
        while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
        {
            try
            {
                await SyncAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSyncFailed(_logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Following the simulated nodes failed; retrying")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
