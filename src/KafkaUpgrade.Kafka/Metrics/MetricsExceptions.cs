namespace KafkaUpgrade.Kafka.Metrics;

/// <summary>
/// A check needs a node metric but the cluster's binding names no metrics endpoint. The orchestrator never guesses
/// (e.g. a produce rate of zero): the check refuses, and the operator either configures metrics or overrides it.
/// </summary>
public sealed class MetricsNotConfiguredException(string clusterId, string what)
    : InvalidOperationException($"cluster '{clusterId}': {what} comes from the nodes' metrics, but its binding configures none (set Metrics:UrlTemplate, e.g. http://{{host}}:7071/metrics, or override the check)")
{
    /// <summary>The cluster concerned.</summary>
    public string ClusterId { get; } = clusterId;
}

/// <summary>A node's metrics endpoint could not be read or answered something that is not Prometheus text.</summary>
public sealed class MetricsUnavailableException(string clusterId, int nodeId, Uri url, string reason, Exception? inner = null)
    : Exception($"cluster '{clusterId}', node {nodeId}: metrics at {url} unusable: {reason}", inner)
{
    /// <summary>The node whose metrics failed.</summary>
    public int NodeId { get; } = nodeId;

    /// <summary>The URL scraped.</summary>
    public Uri Url { get; } = url;
}
