namespace KafkaUpgrade.Core.Model;

/// <summary>
/// Where cluster metadata lives, including the ZooKeeper-to-KRaft migration phases as Kafka 3.9's operations
/// guide defines them ("ZooKeeper to KRaft Migration": provision the quorum, brokers into migration mode,
/// metadata copy and dual-write, brokers migrated to KRaft, finalize). Every phase before <see cref="KRaft"/> can
/// still be reverted to ZooKeeper; finalization is the point of no return.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<MetadataMode>))]
public enum MetadataMode
{
    /// <summary>ZooKeeper holds metadata; a broker is the controller.</summary>
    ZooKeeper,

    /// <summary>KRaft controllers run with <c>zookeeper.metadata.migration.enable=true</c>; brokers are untouched.</summary>
    MigrationQuorumProvisioned,

    /// <summary>Brokers were (or are being) rolled with the migration flag; the metadata copy has not completed (ZkMigrationState PRE_MIGRATION).</summary>
    MigrationBrokersInMigrationMode,

    /// <summary>Metadata copied; the KRaft controller is active and dual-writes to ZooKeeper (ZkMigrationState MIGRATION).</summary>
    MigrationDualWrite,

    /// <summary>Brokers rolled to <c>process.roles=broker</c>; controllers still dual-write, so revert is still possible.</summary>
    MigrationBrokersInKRaft,

    /// <summary>KRaft only: created in KRaft or migration finalized (ZkMigrationState NONE or POST_MIGRATION).</summary>
    KRaft,
}

/// <summary>Facts about <see cref="MetadataMode"/> values that rules need.</summary>
public static class MetadataModeExtensions
{
    /// <summary>True while the cluster is somewhere between ZooKeeper and finalized KRaft.</summary>
    public static bool IsMigrating(this MetadataMode mode) =>
        mode is not (MetadataMode.ZooKeeper or MetadataMode.KRaft);

    /// <summary>True when metadata is (also) served by a KRaft quorum, so the quorum must be healthy.</summary>
    public static bool HasKRaftQuorum(this MetadataMode mode) => mode != MetadataMode.ZooKeeper;

    /// <summary>True while a migration can still be reverted to ZooKeeper.</summary>
    public static bool CanRollBackToZooKeeper(this MetadataMode mode) => mode.IsMigrating();
}
