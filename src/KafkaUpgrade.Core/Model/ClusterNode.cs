namespace KafkaUpgrade.Core.Model;

/// <summary>One Kafka process: a broker, a controller, or both.</summary>
/// <param name="Id"><c>broker.id</c> / <c>node.id</c>.</param>
/// <param name="Rack"><c>broker.rack</c>, or null when the cluster does not use racks.</param>
/// <param name="Roles">What the node does.</param>
/// <param name="Version">The Kafka software version it runs.</param>
/// <param name="State">Its lifecycle state.</param>
/// <param name="DiskCapacityBytes">Usable log-dir capacity, or null when unknown.</param>
/// <param name="InterBrokerProtocolVersion">
/// <c>inter.broker.protocol.version</c> as the node's own configuration sets it (ZooKeeper brokers), or null when it
/// leaves it unset (the broker then speaks its release's latest) or the configuration is not known.
/// </param>
public sealed record ClusterNode(
    int Id,
    string? Rack,
    NodeRoles Roles,
    KafkaVersion Version,
    NodeState State,
    long? DiskCapacityBytes = null,
    string? InterBrokerProtocolVersion = null)
{
    /// <summary>True when the node hosts replicas.</summary>
    public bool IsBroker => Roles.HasFlag(NodeRoles.Broker);

    /// <summary>True when the node is a KRaft controller.</summary>
    public bool IsController => Roles.HasFlag(NodeRoles.Controller);

    /// <summary>True when the node is up and serving.</summary>
    public bool IsRunning => State == NodeState.Running;
}
