namespace KafkaUpgrade.Simulation.Wire.Network;

/// <summary>Answers one Kafka request frame (without its 4-byte size) on one node's port.</summary>
internal interface IRequestDispatcher
{
    /// <summary>
    /// The response frame (with its size prefix), or null when Kafka would close the connection instead of
    /// answering (an API or version the node does not serve, an undecodable request).
    /// </summary>
    byte[]? Dispatch(ReadOnlyMemory<byte> request);
}
