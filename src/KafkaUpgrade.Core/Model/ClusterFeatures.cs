namespace KafkaUpgrade.Core.Model;

/// <summary>
/// Finalized feature levels. In KRaft, <paramref name="MetadataVersionLevel"/> and <paramref name="KraftVersion"/>
/// are finalized through UpdateFeatures; in ZooKeeper mode the equivalent rollback boundary is
/// <paramref name="InterBrokerProtocolVersion"/>.
/// </summary>
/// <param name="MetadataVersionLevel">Finalized <c>metadata.version</c> feature level (e.g. 21 = 3.9-IV0), null in ZooKeeper mode.</param>
/// <param name="KraftVersion">Finalized <c>kraft.version</c>: 0 static quorum, 1 dynamic quorum (KIP-853).</param>
/// <param name="InterBrokerProtocolVersion"><c>inter.broker.protocol.version</c> (e.g. <c>3.8-IV0</c> or <c>3.8</c>), null in KRaft mode.</param>
public sealed record ClusterFeatures(
    int? MetadataVersionLevel,
    int KraftVersion,
    string? InterBrokerProtocolVersion);
