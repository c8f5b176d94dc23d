using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Activities.Contracts;

/// <summary>Is the cluster healthy enough for the next step?</summary>
/// <param name="ClusterId">Cluster.</param>
/// <param name="ExpectedRunningNodes">Nodes that must be running now.</param>
/// <param name="AllowInFlightReassignments">True while this operation's own reassignments run (they are not foreign).</param>
public sealed record HealthCheckRequest(string ClusterId, IReadOnlyList<int> ExpectedRunningNodes, bool AllowInFlightReassignments = false) : IClusterRequest;

/// <summary>One cluster and some of its nodes.</summary>
/// <param name="ClusterId">Cluster.</param>
/// <param name="NodeIds">Nodes.</param>
public sealed record NodesRequest(string ClusterId, IReadOnlyList<int> NodeIds) : IClusterRequest;

/// <summary>One node of one cluster.</summary>
/// <param name="ClusterId">Cluster.</param>
/// <param name="NodeId">Node.</param>
public sealed record NodeRequest(string ClusterId, int NodeId) : IClusterRequest;

/// <summary>A node to create.</summary>
/// <param name="NodeId">Its id.</param>
/// <param name="Config">Its configuration.</param>
public sealed record NodeToProvision(int NodeId, NodeConfig Config);

/// <summary>Create nodes (idempotent: an existing node with the same configuration is kept).</summary>
/// <param name="ClusterId">Cluster.</param>
/// <param name="Nodes">Nodes to create.</param>
public sealed record ProvisionNodesRequest(string ClusterId, IReadOnlyList<NodeToProvision> Nodes) : IClusterRequest;

/// <summary>Restart a node with a configuration (a no-op when it already runs it).</summary>
/// <param name="ClusterId">Cluster.</param>
/// <param name="NodeId">Node.</param>
/// <param name="Config">Target configuration.</param>
public sealed record RestartNodeRequest(string ClusterId, int NodeId, NodeConfig Config) : IClusterRequest;

/// <summary>Throttle replication on the brokers of a node replacement.</summary>
/// <param name="ClusterId">Cluster.</param>
/// <param name="BytesPerSecond">Rate per broker.</param>
/// <param name="Brokers">Old and new brokers involved.</param>
public sealed record ThrottleRequest(string ClusterId, long BytesPerSecond, IReadOnlyList<int> Brokers) : IClusterRequest;

/// <summary>Move every replica off <paramref name="RetiringNodes"/> onto <paramref name="NewNodes"/>.</summary>
/// <param name="ClusterId">Cluster.</param>
/// <param name="RetiringNodes">Old brokers of this batch.</param>
/// <param name="NewNodes">New brokers receiving the replicas.</param>
public sealed record ReassignmentBatchRequest(string ClusterId, IReadOnlyList<int> RetiringNodes, IReadOnlyList<int> NewNodes) : IClusterRequest;

/// <summary>Finalize <c>metadata.version</c> at a level.</summary>
/// <param name="ClusterId">Cluster.</param>
/// <param name="Level">Feature level.</param>
public sealed record FinalizeRequest(string ClusterId, int Level) : IClusterRequest;

/// <summary>Plan an upgrade of a cluster as it is now.</summary>
/// <param name="ClusterId">Cluster.</param>
/// <param name="TargetVersion">Target version, e.g. 4.1.</param>
/// <param name="Options">Strategy, batch sizes, throttle.</param>
public sealed record PlanRequest(string ClusterId, string TargetVersion, UpgradePlanOptions Options) : IClusterRequest;

/// <summary>Cancel the reassignments a node replacement started: off <paramref name="RetiringNodes"/> onto <paramref name="NewNodes"/>.</summary>
/// <param name="ClusterId">Cluster.</param>
/// <param name="RetiringNodes">The replacement's old brokers.</param>
/// <param name="NewNodes">The replacement's new brokers.</param>
public sealed record CancelMovesRequest(string ClusterId, IReadOnlyList<int> RetiringNodes, IReadOnlyList<int> NewNodes) : IClusterRequest;
