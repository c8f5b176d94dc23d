namespace KafkaUpgrade.Core.Planning.Paths;

/// <summary>The names of the metadata rollback boundaries a hop can move, as Kafka spells them.</summary>
public static class FeatureNames
{
    /// <summary>The KRaft feature finalized through UpdateFeatures.</summary>
    public const string MetadataVersion = "metadata.version";

    /// <summary>The ZooKeeper-mode broker setting.</summary>
    public const string InterBrokerProtocol = "inter.broker.protocol.version";
}
