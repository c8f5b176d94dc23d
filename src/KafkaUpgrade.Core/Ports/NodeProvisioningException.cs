namespace KafkaUpgrade.Core.Ports;

/// <summary>The infrastructure refused a node operation (unknown node, id taken by a different node, bad configuration); nothing changed.</summary>
public sealed class NodeProvisioningException : Exception
{
    /// <summary>Creates the exception for <paramref name="nodeId"/>.</summary>
    public NodeProvisioningException(int nodeId, string message)
        : base($"node {nodeId}: {message}")
    {
        NodeId = nodeId;
    }

    /// <summary>The node concerned.</summary>
    public int NodeId { get; }
}
