using System.Collections.Concurrent;
using System.Diagnostics;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Kafka.Metrics;

/// <summary>
/// What the orchestrator reads from node metrics: produce rates (from the bytes-in counter, as Prometheus'
/// <c>rate()</c> does), the migration state of the active controller, and whether a broker reports itself running.
/// Without a metrics configuration every method throws <see cref="MetricsNotConfiguredException"/>.
/// </summary>
public sealed class ClusterMetrics
{
    private readonly string _clusterId;
    private readonly NodeMetricsScraper? _scraper;
    private readonly ConcurrentDictionary<int, CounterSample> _lastBytesIn = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Creates the reader; <paramref name="scraper"/> null when the binding configures no metrics.</summary>
    public ClusterMetrics(string clusterId, NodeMetricsScraper? scraper)
    {
        _clusterId = clusterId;
        _scraper = scraper;
    }

    /// <summary>True when a metrics endpoint is configured.</summary>
    public bool Configured => _scraper is not null;

    /// <summary>
    /// Produce rate of each broker in bytes per second. A broker scraped between <see cref="MetricsOptions.RateWindow"/>
    /// and ten minutes ago is compared with that scrape; otherwise it is scraped twice, the window apart.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, double>> BytesInPerSecondAsync(IReadOnlyCollection<NodeEndpoint> brokers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(brokers);
        var scraper = Require("the produce rate (BytesInPerSec)");
        var window = (long)scraper.Options.RateWindow.TotalMilliseconds;
        var first = new Dictionary<int, CounterSample>();
        foreach (var broker in brokers)
        {
            var age = _lastBytesIn.TryGetValue(broker.NodeId, out var last) ? _clock.ElapsedMilliseconds - last.LocalMs : long.MaxValue;
            first[broker.NodeId] = age >= window && age < 600_000 ? last : await SampleAsync(scraper, broker, cancellationToken).ConfigureAwait(false);
        }

        var waitMs = first.Count == 0 ? 0 : window - (_clock.ElapsedMilliseconds - first.Values.Min(f => f.LocalMs));
        if (waitMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(waitMs), cancellationToken).ConfigureAwait(false);
        }

        var rates = new Dictionary<int, double>();
        foreach (var broker in brokers)
        {
            var before = first[broker.NodeId];
            var now = await SampleAsync(scraper, broker, cancellationToken).ConfigureAwait(false);

            // The exporter's own timestamps, when both samples carry one, are the cluster's time (a simulated cluster
            // running faster than real time then reports its own rate); otherwise the time between the scrapes.
            var ms = before.ClusterMs is { } b && now.ClusterMs is { } n ? n - b : now.LocalMs - before.LocalMs;

            // A counter that went down was reset by a restart: it counts from zero again (as Prometheus' rate() reads it).
            var increase = now.Value >= before.Value ? now.Value - before.Value : now.Value;
            rates[broker.NodeId] = ms > 0 ? increase * 1000.0 / ms : 0;
        }

        return rates;
    }

    /// <summary>ZkMigrationState and MigratingZkBrokerCount of the active controller.</summary>
    public async Task<(ZkMigrationState State, int MigratingZkBrokers)> MigrationAsync(NodeEndpoint activeController, CancellationToken cancellationToken = default)
    {
        var scraper = Require("ZkMigrationState");
        var samples = await scraper.ScrapeAsync(activeController, cancellationToken).ConfigureAwait(false);
        var state = scraper.ZkMigrationState.Select(samples)
            ?? throw new MetricsUnavailableException(_clusterId, activeController.NodeId, scraper.UrlFor(activeController), $"no sample named {scraper.ZkMigrationState}");
        if (state is not (>= 0 and <= 4) || state != Math.Floor(state))
        {
            throw new MetricsUnavailableException(_clusterId, activeController.NodeId, scraper.UrlFor(activeController), $"ZkMigrationState {state} is not one of Kafka's values 0-4");
        }

        var migrating = scraper.MigratingZkBrokerCount.Select(samples) ?? 0;
        return ((ZkMigrationState)(int)state, (int)migrating);
    }

    /// <summary>Why a broker's metrics say it is not healthy (unreachable exporter, BrokerState other than RUNNING), or null.</summary>
    public async Task<string?> BrokerProblemAsync(NodeEndpoint broker, CancellationToken cancellationToken = default)
    {
        var scraper = Require("broker health");
        try
        {
            var state = await scraper.ReadAsync(broker, scraper.BrokerState, cancellationToken).ConfigureAwait(false);

            // org.apache.kafka.metadata.BrokerState: 3 is RUNNING.
            return state == 3 ? null : $"broker {broker.NodeId} reports BrokerState {state} (3 is RUNNING)";
        }
        catch (MetricsUnavailableException ex)
        {
            return ex.Message;
        }
    }

    private async Task<CounterSample> SampleAsync(NodeMetricsScraper scraper, NodeEndpoint broker, CancellationToken cancellationToken)
    {
        var samples = await scraper.ScrapeAsync(broker, cancellationToken).ConfigureAwait(false);
        var value = scraper.BytesIn.Select(samples) ?? throw new MetricsUnavailableException(_clusterId, broker.NodeId, scraper.UrlFor(broker), $"no sample named {scraper.BytesIn}");
        var sample = new CounterSample(value, samples.FirstOrDefault(s => s.Name == scraper.BytesIn.Name)?.TimestampMs, _clock.ElapsedMilliseconds);
        _lastBytesIn[broker.NodeId] = sample;
        return sample;
    }

    private NodeMetricsScraper Require(string what) => _scraper ?? throw new MetricsNotConfiguredException(_clusterId, what);

    private readonly record struct CounterSample(double Value, long? ClusterMs, long LocalMs);
}
