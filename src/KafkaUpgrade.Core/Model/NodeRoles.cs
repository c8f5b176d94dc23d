namespace KafkaUpgrade.Core.Model;

/// <summary>
/// What a node does (<c>process.roles</c> in KRaft). A ZooKeeper-mode broker is a <see cref="Broker"/>; a KRaft
/// node running both roles is <see cref="Combined"/>.
/// </summary>
[Flags]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<NodeRoles>))]
public enum NodeRoles
{
    /// <summary>No role: only valid for a node being provisioned.</summary>
    None = 0,

    /// <summary>Hosts partition replicas and serves clients.</summary>
    Broker = 1,

    /// <summary>Member (voter or observer) of the KRaft controller quorum.</summary>
    Controller = 2,

    /// <summary><c>process.roles=broker,controller</c>.</summary>
    Combined = Broker | Controller,
}
