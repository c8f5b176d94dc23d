namespace KafkaUpgrade.Kafka.Protocol.Client;

/// <summary>
/// The features a node reports in ApiVersions v3+ (KIP-584: how Kafka's Admin.describeFeatures works):
/// supported ranges, finalized levels, the finalized epoch, and (KIP-866) whether a ZooKeeper-mode controller is
/// ready to migrate.
/// </summary>
/// <param name="Supported">Each supported feature's version range, by name (e.g. metadata.version).</param>
/// <param name="Finalized">Each finalized feature's level range, by name.</param>
/// <param name="FinalizedEpoch">The finalized features' epoch; -1 when the node does not report one.</param>
/// <param name="ZkMigrationReady">True when the node reports it is ready for the ZooKeeper to KRaft migration.</param>
public sealed record KafkaFeatures(
    IReadOnlyDictionary<string, ApiVersionRange> Supported,
    IReadOnlyDictionary<string, ApiVersionRange> Finalized,
    long FinalizedEpoch,
    bool ZkMigrationReady)
{
    /// <summary>Reads the features of an ApiVersions response (empty for v0-v2 answers).</summary>
    public static KafkaFeatures FromApiVersions(KafkaStruct response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var supported = (response.GetStructs("SupportedFeatures") ?? [])
            .GroupBy(f => f.GetString("Name")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new ApiVersionRange(g.First().GetInt16("MinVersion"), g.First().GetInt16("MaxVersion")), StringComparer.Ordinal);
        var finalized = (response.GetStructs("FinalizedFeatures") ?? [])
            .GroupBy(f => f.GetString("Name")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new ApiVersionRange(g.First().GetInt16("MinVersionLevel"), g.First().GetInt16("MaxVersionLevel")), StringComparer.Ordinal);
        return new KafkaFeatures(supported, finalized, response.GetInt64("FinalizedFeaturesEpoch"), response.GetBool("ZkMigrationReady"));
    }
}
