using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Kafka.Identity;

/// <summary>
/// The Kafka cluster a binding is for. Every call compares the <c>cluster.id</c> the cluster answers with
/// (Metadata / DescribeCluster) with the expected one, so a binding whose bootstrap servers now reach another
/// cluster (a re-pointed DNS name, a copy-pasted configuration) is refused before anything is changed.
/// </summary>
public static class ClusterIdentity
{
    /// <summary>Kafka's INCONSISTENT_CLUSTER_ID (104), the error Kafka itself gives a node that reaches the wrong cluster.</summary>
    public static readonly KafkaError InconsistentClusterId = new(104, "INCONSISTENT_CLUSTER_ID");

    /// <summary>Throws unless <paramref name="actual"/> is <paramref name="expected"/> (a null expectation accepts any cluster).</summary>
    /// <param name="binding">The binding's name (the cluster id workflows use).</param>
    /// <param name="expected">The Kafka cluster id the binding is for, or null when none is configured.</param>
    /// <param name="actual">The cluster id the cluster answered with; null when the cluster reports none (ZooKeeper clusters before 2.x never do here).</param>
    /// <param name="endpoint">Where the answer came from, for the message.</param>
    public static void Verify(string binding, string? expected, string? actual, string endpoint)
    {
        if (expected is null || string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return;
        }

        throw new KafkaApiException(
            InconsistentClusterId,
            $"cluster '{binding}' is bound to Kafka cluster id '{expected}', but {endpoint} answers for cluster id '{actual ?? "(none)"}': refusing to touch a different cluster; fix the binding's ExpectedClusterId or its bootstrap servers");
    }
}
