using System.Text.Json.Serialization;

namespace KafkaUpgrade.Client;

/// <summary>The top-level operations a client can start on a cluster.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OperationKind>))]
public enum OperationKind
{
    /// <summary><c>ClusterUpgrade</c>: the whole upgrade to a target version (node replacement or rolling, migration, finalization).</summary>
    ClusterUpgrade,

    /// <summary><c>KRaftMigration</c>: only the ZooKeeper to KRaft migration of a 3.9 cluster.</summary>
    KRaftMigration,

    /// <summary>A workflow type this client does not start (a hop started by hand, another product's).</summary>
    Other,
}
