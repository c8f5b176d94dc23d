namespace KafkaUpgrade.Core.Planning.Paths;

/// <summary>What one step of an upgrade path does to the cluster.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<UpgradeHopKind>))]
public enum UpgradeHopKind
{
    /// <summary>
    /// Roll every node to another software version while metadata stays pinned (<c>inter.broker.protocol.version</c>
    /// in ZooKeeper mode, the finalized <c>metadata.version</c> in KRaft), so the binaries can still be rolled back.
    /// Also used for a software downgrade.
    /// </summary>
    SoftwareUpgrade,

    /// <summary>ZooKeeper mode: raise <c>inter.broker.protocol.version</c> and roll the brokers so it takes effect.</summary>
    BumpInterBrokerProtocol,

    /// <summary>
    /// ZooKeeper to KRaft migration on the bridge release, every phase of Kafka's "ZooKeeper to KRaft Migration"
    /// procedure up to and including finalizing the migration (the point of no return).
    /// </summary>
    MigrateToKRaft,

    /// <summary>KRaft: set the finalized <c>metadata.version</c> with <c>kafka-features.sh upgrade</c> (or a safe downgrade).</summary>
    FinalizeMetadataVersion,
}
