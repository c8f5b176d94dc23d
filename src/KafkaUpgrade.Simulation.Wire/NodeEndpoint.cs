using KafkaUpgrade.Simulation.Wire.Versions;

namespace KafkaUpgrade.Simulation.Wire;

/// <summary>One Kafka listener of one simulated node.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Listener">What it serves: a broker's clients or the controller quorum (KRaft).</param>
/// <param name="Host">Always 127.0.0.1.</param>
/// <param name="Port">Its port, the same across restarts.</param>
/// <param name="IsOpen">True while it accepts connections (the node's process runs).</param>
public sealed record NodeEndpoint(int NodeId, ListenerKind Listener, string Host, int Port, bool IsOpen)
{
    /// <summary><c>host:port</c>.</summary>
    public string Address => $"{Host}:{Port}";

    /// <summary>True for a controller listener.</summary>
    public bool IsController => Listener == ListenerKind.Controller;
}
