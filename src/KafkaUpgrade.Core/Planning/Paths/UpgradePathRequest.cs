using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Planning.Paths;

/// <summary>Where the cluster is and where the operator wants it.</summary>
/// <param name="Current">Software version every node runs now.</param>
/// <param name="Mode">Metadata mode now.</param>
/// <param name="Features">Finalized features (KRaft) or inter-broker protocol (ZooKeeper) now.</param>
/// <param name="Target">The software version wanted.</param>
/// <param name="Options">Operator choices, <see cref="UpgradePathOptions.Default"/> when null.</param>
public sealed record UpgradePathRequest(
    KafkaVersion Current,
    MetadataMode Mode,
    ClusterFeatures Features,
    KafkaVersion Target,
    UpgradePathOptions? Options = null)
{
    /// <summary>The options in effect.</summary>
    public UpgradePathOptions EffectiveOptions => Options ?? UpgradePathOptions.Default;
}
