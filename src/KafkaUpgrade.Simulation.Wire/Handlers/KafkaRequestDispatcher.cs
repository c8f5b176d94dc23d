using KafkaUpgrade.Simulation.Wire.Network;

namespace KafkaUpgrade.Simulation.Wire.Handlers;

/// <summary>Answers the Kafka requests arriving on one node's listener, as the release the node runs now.</summary>
internal sealed class KafkaRequestDispatcher(WireFront front, int nodeId, bool controllerPlane) : IRequestDispatcher
{
    public int NodeId => nodeId;

    public bool ControllerPlane => controllerPlane;

    public WireFront Front => front;

    public byte[]? Dispatch(ReadOnlyMemory<byte> request) => null;
}
