using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Versions;

/// <summary>Upgrade-relevant facts about one Kafka release line.</summary>
/// <param name="Version">Release line, e.g. 3.9.</param>
/// <param name="Released">Release month (yyyy-MM).</param>
/// <param name="ZooKeeper">ZooKeeper support.</param>
/// <param name="KRaft">KRaft readiness.</param>
/// <param name="ZkMigration">ZooKeeper to KRaft migration support.</param>
/// <param name="DynamicQuorum">KIP-853 dynamic controller quorum (add/remove voter) available.</param>
/// <param name="KraftVersionUpgrade">A static quorum can be turned dynamic (kraft.version 0 → 1) in place.</param>
/// <param name="LatestProductionMetadataLevel">Highest production <c>metadata.version</c> (the default for finalization), or null before 3.3.</param>
/// <param name="MinSupportedMetadataLevel">Lowest <c>metadata.version</c> this release can run with, or null before 3.3.</param>
/// <param name="LatestInterBrokerProtocol">Highest <c>inter.broker.protocol.version</c> in ZooKeeper mode, or null once ZooKeeper is gone.</param>
/// <param name="MinJavaBroker">Oldest Java the broker runs on.</param>
/// <param name="MinJavaClient">Oldest Java the clients run on.</param>
/// <param name="MinClientVersion">Oldest client version the broker still talks to.</param>
/// <param name="Notes">Operator-facing remarks.</param>
public sealed record KafkaRelease(
    KafkaVersion Version,
    string Released,
    ZooKeeperSupport ZooKeeper,
    KRaftReadiness KRaft,
    MigrationSupport ZkMigration,
    bool DynamicQuorum,
    bool KraftVersionUpgrade,
    int? LatestProductionMetadataLevel,
    int? MinSupportedMetadataLevel,
    string? LatestInterBrokerProtocol,
    int MinJavaBroker,
    int MinJavaClient,
    KafkaVersion MinClientVersion,
    IReadOnlyList<string> Notes)
{
    /// <summary>True when the release can still run in ZooKeeper mode.</summary>
    public bool SupportsZooKeeper => ZooKeeper != ZooKeeperSupport.Removed;

    /// <summary>True when KRaft is production ready.</summary>
    public bool KRaftProductionReady => KRaft == KRaftReadiness.Production;

    /// <summary>True when a node on this release can run with the given finalized <c>metadata.version</c> level.</summary>
    public bool SupportsMetadataLevel(int level) =>
        MinSupportedMetadataLevel is { } min && LatestProductionMetadataLevel is { } max && level >= min && level <= max;
}
