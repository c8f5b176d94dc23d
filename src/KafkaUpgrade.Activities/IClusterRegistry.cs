using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Activities;

/// <summary>
/// Resolves a cluster id (all a workflow ever carries) to the ports that reach it. Connection details and
/// credentials live in the worker's configuration, never in workflow inputs or history.
/// </summary>
public interface IClusterRegistry
{
    /// <summary>The ports for <paramref name="clusterId"/>; throws <see cref="UnknownClusterException"/> when the worker has none.</summary>
    ClusterConnection Resolve(string clusterId);

    /// <summary>Ids of every cluster this worker can reach.</summary>
    IReadOnlyCollection<string> ClusterIds { get; }
}

/// <summary>The two ports of one cluster, and the Kafka cluster they reach.</summary>
/// <param name="Admin">Admin client port.</param>
/// <param name="Provisioner">Infrastructure port.</param>
/// <param name="KafkaClusterId">The Kafka <c>cluster.id</c> this binding is for, as configured (the kafka adapter's
/// <c>ExpectedClusterId</c>, a simulator's own id), never read from the network: what
/// <see cref="Identity.ClusterIdentityCheck"/> compares with the id an operation recorded. Null: the binding names
/// none, and its activities are not checked.</param>
public sealed record ClusterConnection(IClusterAdmin Admin, INodeProvisioner Provisioner, string? KafkaClusterId = null);

/// <summary>The worker has no connection for a cluster id.</summary>
public sealed class UnknownClusterException(string clusterId, IReadOnlyCollection<string> known)
    : Exception($"Unknown cluster '{clusterId}': this worker has no connection configured for it (configured: {(known.Count == 0 ? "none" : string.Join(", ", known))}).")
{
    /// <summary>The id asked for.</summary>
    public string ClusterId { get; } = clusterId;
}

/// <summary>A registry over a fixed set of connections (the simulator, tests, a configured list).</summary>
public sealed class StaticClusterRegistry(IReadOnlyDictionary<string, ClusterConnection> connections) : IClusterRegistry
{
    /// <inheritdoc />
    public IReadOnlyCollection<string> ClusterIds => [.. connections.Keys.Order(StringComparer.Ordinal)];

    /// <inheritdoc />
    public ClusterConnection Resolve(string clusterId) =>
        connections.TryGetValue(clusterId, out var connection) ? connection : throw new UnknownClusterException(clusterId, ClusterIds);
}
