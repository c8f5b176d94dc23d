using System.Globalization;

namespace KafkaUpgrade.Kafka.Metrics;

/// <summary>A node as the metrics scraper needs it: id and the Kafka listener it advertises.</summary>
/// <param name="NodeId">Node id.</param>
/// <param name="Host">Advertised host.</param>
/// <param name="Port">Advertised port.</param>
public readonly record struct NodeEndpoint(int NodeId, string Host, int Port);

/// <summary>
/// Reads Prometheus text from each node's JMX-exporter URL (<see cref="MetricsOptions.UrlTemplate"/>). A failed
/// request, a non-2xx answer, a body that is not Prometheus text or a missing metric is an error naming the node and
/// the URL: a missing answer is never read as zero.
/// </summary>
public sealed class NodeMetricsScraper
{
    private readonly string _clusterId;
    private readonly MetricsOptions _options;
    private readonly HttpClient _http;

    /// <summary>Creates a scraper for one cluster's nodes.</summary>
    public NodeMetricsScraper(string clusterId, MetricsOptions options, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        _clusterId = clusterId;
        _options = options;
        _http = http;
        BytesIn = MetricSelector.Parse(options.BytesInTotal);
        ZkMigrationState = MetricSelector.Parse(options.ZkMigrationState);
        MigratingZkBrokerCount = MetricSelector.Parse(options.MigratingZkBrokerCount);
        ActiveControllerCount = MetricSelector.Parse(options.ActiveControllerCount);
        BrokerState = MetricSelector.Parse(options.BrokerState);
        _ = UrlFor(new NodeEndpoint(0, "localhost", 9092));
    }

    /// <summary>The options scraped with.</summary>
    public MetricsOptions Options => _options;

    /// <summary>Bytes-in counter selector.</summary>
    public MetricSelector BytesIn { get; }

    /// <summary>ZkMigrationState selector.</summary>
    public MetricSelector ZkMigrationState { get; }

    /// <summary>MigratingZkBrokerCount selector.</summary>
    public MetricSelector MigratingZkBrokerCount { get; }

    /// <summary>ActiveControllerCount selector.</summary>
    public MetricSelector ActiveControllerCount { get; }

    /// <summary>BrokerState selector.</summary>
    public MetricSelector BrokerState { get; }

    /// <summary>The node's metrics URL from the template.</summary>
    public Uri UrlFor(NodeEndpoint node)
    {
        var text = _options.UrlTemplate
            .Replace("{host}", node.Host, StringComparison.Ordinal)
            .Replace("{port}", node.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{id}", node.NodeId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new FormatException($"cluster '{_clusterId}': metrics URL template '{_options.UrlTemplate}' does not give an http(s) URL (got '{text}'); placeholders are {{host}}, {{port}}, {{id}}");
    }

    /// <summary>Every sample the node serves.</summary>
    public async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(NodeEndpoint node, CancellationToken cancellationToken = default)
    {
        var url = UrlFor(node);
        string body;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            using var response = await _http.GetAsync(url, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new MetricsUnavailableException(_clusterId, node.NodeId, url, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new MetricsUnavailableException(_clusterId, node.NodeId, url, ex.Message, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MetricsUnavailableException(_clusterId, node.NodeId, url, $"no answer within {_options.Timeout.TotalSeconds:0.#} s", ex);
        }

        try
        {
            var samples = PrometheusText.Parse(body);
            return samples.Count > 0 ? samples : throw new FormatException("the answer holds no samples");
        }
        catch (FormatException ex)
        {
            throw new MetricsUnavailableException(_clusterId, node.NodeId, url, $"not Prometheus text ({ex.Message})", ex);
        }
    }

    /// <summary>One metric of one node; a node that does not publish it is an error naming the metric.</summary>
    public async Task<double> ReadAsync(NodeEndpoint node, MetricSelector metric, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var samples = await ScrapeAsync(node, cancellationToken).ConfigureAwait(false);
        return metric.Select(samples) ?? throw new MetricsUnavailableException(_clusterId, node.NodeId, UrlFor(node), $"no sample named {metric}");
    }
}
