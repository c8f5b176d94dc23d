using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Activities.Contracts;

/// <summary>What a restart request did.</summary>
/// <param name="Started">True when the restart was started (or the node already runs the configuration).</param>
/// <param name="Reason">Why not, when not: the safety gate's reason.</param>
/// <param name="Node">The node as it is now.</param>
public sealed record RestartOutcome(bool Started, string Reason, NodeInfo? Node);
