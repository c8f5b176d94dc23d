using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Simulation;

/// <summary>A node as the provisioner describes it, and whether clients can reach its process now.</summary>
/// <param name="Info">State and configuration.</param>
/// <param name="Reachable">The process is up (running or shutting down) and not isolated by a network fault.</param>
public sealed record NodeStatus(NodeInfo Info, bool Reachable);
