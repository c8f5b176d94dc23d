using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Ports;

/// <summary>
/// A node's configuration as infrastructure sets it: the software version and the server.properties that matter
/// for upgrades. ZooKeeper-mode brokers have no <paramref name="ProcessRoles"/>; KRaft nodes do.
/// </summary>
/// <param name="Version">Kafka version to run.</param>
/// <param name="ProcessRoles"><c>process.roles</c>, or null for a ZooKeeper-mode broker.</param>
/// <param name="Rack"><c>broker.rack</c>.</param>
/// <param name="InterBrokerProtocolVersion"><c>inter.broker.protocol.version</c> (ZooKeeper-mode brokers), null for the release default.</param>
/// <param name="ZooKeeperMigrationEnabled"><c>zookeeper.metadata.migration.enable</c>.</param>
/// <param name="ControllerQuorumVoters">Static <c>controller.quorum.voters</c>; null for a dynamic quorum (<c>controller.quorum.bootstrap.servers</c>, formatted with <c>--no-initial-controllers</c>).</param>
/// <param name="DiskCapacityBytes">Disk size.</param>
/// <param name="ControllerBootstrapIds">
/// The controllers a KRaft node's <c>controller.quorum.bootstrap.servers</c> names one by one (rendered through the
/// layout's controller address template); null when it uses the layout's bootstrap name (one DNS name or VIP that
/// outlives the controllers behind it, as KIP-853 advises). Kafka nodes find the active controller through it.
/// </param>
public sealed record NodeConfig(
    KafkaVersion Version,
    NodeRoles? ProcessRoles,
    string? Rack,
    string? InterBrokerProtocolVersion = null,
    bool ZooKeeperMigrationEnabled = false,
    IReadOnlyList<int>? ControllerQuorumVoters = null,
    long? DiskCapacityBytes = null,
    IReadOnlyList<int>? ControllerBootstrapIds = null)
{
    /// <summary>True for a broker that talks to ZooKeeper (no <c>process.roles</c>).</summary>
    public bool IsZooKeeperBroker => ProcessRoles is null;

    /// <summary>The roles the node plays.</summary>
    public NodeRoles Roles => ProcessRoles ?? NodeRoles.Broker;

    /// <summary>Structural equality for idempotent provisioning.</summary>
    public bool SameAs(NodeConfig other) =>
        other is not null && Version == other.Version && ProcessRoles == other.ProcessRoles && Rack == other.Rack &&
        InterBrokerProtocolVersion == other.InterBrokerProtocolVersion && ZooKeeperMigrationEnabled == other.ZooKeeperMigrationEnabled &&
        (ControllerQuorumVoters ?? []).SequenceEqual(other.ControllerQuorumVoters ?? []) && DiskCapacityBytes == other.DiskCapacityBytes &&
        (ControllerBootstrapIds ?? []).SequenceEqual(other.ControllerBootstrapIds ?? []);
}

/// <summary>A node as the provisioner sees it.</summary>
/// <param name="NodeId">Node id.</param>
/// <param name="State">Lifecycle state.</param>
/// <param name="Config">Configuration it runs (or will run).</param>
/// <param name="DirectoryId">The metadata log directory id (KIP-853), for controllers.</param>
/// <param name="FailureReason">Why the node is <see cref="NodeState.Failed"/>, as its log would say.</param>
public sealed record NodeInfo(int NodeId, NodeState State, NodeConfig Config, Guid DirectoryId, string? FailureReason = null);

/// <summary>A replication throttle, as <c>kafka-reassign-partitions --throttle</c> sets it.</summary>
/// <param name="BytesPerSecond">Leader and follower <c>replication.throttled.rate</c> on each named broker.</param>
/// <param name="Brokers">Brokers the rate is set on.</param>
/// <param name="Replicas">Throttled replicas: partitions whose replication (to or from the given brokers) is throttled.</param>
public sealed record ReplicationThrottle(long BytesPerSecond, IReadOnlyCollection<int> Brokers, IReadOnlyCollection<TopicPartition> Replicas);

/// <summary>How a feature level changes (UpdateFeatures' UpgradeType).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<FeatureUpgradeType>))]
public enum FeatureUpgradeType
{
    /// <summary>Raise the level.</summary>
    Upgrade = 1,

    /// <summary>Lower the level when no metadata would be lost.</summary>
    SafeDowngrade = 2,
}

/// <summary>One feature change in an UpdateFeatures request.</summary>
/// <param name="Feature">e.g. <c>metadata.version</c> or <c>kraft.version</c>.</param>
/// <param name="Level">The level to finalize.</param>
/// <param name="Type">Upgrade or safe downgrade.</param>
public sealed record FeatureUpdate(string Feature, int Level, FeatureUpgradeType Type = FeatureUpgradeType.Upgrade);

/// <summary>A consumer group's total lag.</summary>
/// <param name="GroupId">Group id.</param>
/// <param name="Topic">Topic it consumes.</param>
/// <param name="Lag">Records behind the high watermark, summed over partitions.</param>
public sealed record ConsumerGroupLag(string GroupId, string Topic, long Lag);

/// <summary>Kafka's <c>ZkMigrationState</c> metric values.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ZkMigrationState>))]
public enum ZkMigrationState
{
    /// <summary>0: a cluster created in KRaft mode.</summary>
    None = 0,

    /// <summary>1: metadata copied; dual-write (brokers may still be ZooKeeper brokers).</summary>
    Migration = 1,

    /// <summary>2: controllers up with migration enabled, copy not done.</summary>
    PreMigration = 2,

    /// <summary>3: finalized; ZooKeeper no longer written.</summary>
    PostMigration = 3,

    /// <summary>4: ZooKeeper controller (never persisted).</summary>
    ZooKeeper = 4,
}

/// <summary>The migration as the active controller reports it.</summary>
/// <param name="State">ZkMigrationState.</param>
/// <param name="ZooKeeperBrokers">Brokers still running in ZooKeeper mode.</param>
/// <param name="MigratingZooKeeperBrokers">ZooKeeper brokers registered with the KRaft controller for migration (MigratingZkBrokerCount).</param>
/// <param name="KRaftBrokers">Brokers running in KRaft mode.</param>
/// <param name="Message">The last migration log line, e.g. "Completed migration of metadata from Zookeeper to KRaft."</param>
public sealed record MigrationStatus(
    ZkMigrationState State,
    IReadOnlyList<int> ZooKeeperBrokers,
    IReadOnlyList<int> MigratingZooKeeperBrokers,
    IReadOnlyList<int> KRaftBrokers,
    string? Message);
