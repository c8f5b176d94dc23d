using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Metrics;

namespace KafkaUpgrade.Kafka.Admin;

/// <summary>What a <see cref="KafkaClusterAdmin"/> is bound to besides its connections.</summary>
public sealed record KafkaAdminOptions
{
    /// <summary>The binding's name: the cluster id workflows use.</summary>
    public required string Binding { get; init; }

    /// <summary>Kafka's <c>cluster.id</c> every answer must carry; null to hold to the first one seen.</summary>
    public string? ExpectedClusterId { get; init; }

    /// <summary>
    /// What infrastructure knows of a node (the provisioner's <c>DescribeNodeAsync</c>): the version it deployed,
    /// roles, rack and lifecycle. Null (e.g. for a snapshot capture): versions are inferred from ApiVersions.
    /// </summary>
    public Func<int, CancellationToken, Task<NodeInfo?>>? DescribeNode { get; init; }

    /// <summary>Node metrics (JMX exporter); null when the binding configures none.</summary>
    public MetricsOptions? Metrics { get; init; }

    /// <summary>The ZooKeeper step of a migration rollback (delete <c>/controller</c> and <c>/migration</c>); null when no ZooKeeper is configured.</summary>
    public Func<CancellationToken, Task>? ResetZooKeeperController { get; init; }

    /// <summary>
    /// Who holds ZooKeeper's <c>/controller</c> znode now (null when it is absent); null when no ZooKeeper is
    /// configured. Only ZooKeeper can tell a ZooKeeper controller from a KRaft one once every broker runs with
    /// <c>zookeeper.metadata.migration.enable</c>: see <see cref="KafkaClusterAdmin"/>'s mode detection.
    /// </summary>
    public Func<CancellationToken, Task<ZooKeeperControllerHolder?>>? ReadZooKeeperController { get; init; }
}

/// <summary>The holder of ZooKeeper's <c>/controller</c> znode.</summary>
/// <param name="NodeId">The <c>brokerid</c> it names.</param>
/// <param name="IsKRaftController">True when a KRaft controller wrote it (the znode carries <c>kraftControllerEpoch</c>, KIP-866).</param>
public sealed record ZooKeeperControllerHolder(int NodeId, bool IsKRaftController);
