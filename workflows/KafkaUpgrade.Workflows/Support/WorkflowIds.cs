namespace KafkaUpgrade.Workflows.Support;

/// <summary>
/// Workflow ids derive from the cluster id, so two operations can never run on one cluster at once: Temporal
/// refuses a second start of a running id, and the error names the running operation.
/// </summary>
public static class WorkflowIds
{
    /// <summary>The one operation id per cluster.</summary>
    public static string ForCluster(string clusterId) => $"kafka-upgrade-{clusterId}";

    /// <summary>The repair (or inspection) of a cluster: beside the operation's id, so it never replaces the latest operation shown by status.</summary>
    public static string ForRepair(string clusterId) => $"kafka-repair-{clusterId}";

    /// <summary>The lease of one Kafka cluster, keyed by Kafka's own <c>cluster.id</c> (not a configured name; see <see cref="ClusterLeases"/>).</summary>
    public static string ForLease(string kafkaClusterId) => $"kafka-upgrade-lease-{kafkaClusterId}";

    /// <summary>The child workflow running hop <paramref name="index"/> of an operation.</summary>
    public static string ForHop(string parentId, int index, string kind) => $"{parentId}/hop-{index + 1}-{kind}";
}
