using System.Globalization;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Behaviour;

/// <summary>
/// Finalized features and UpdateFeatures, checked in Kafka's order (FeatureControlManager): every registered node
/// must support the level, a lower level needs a downgrade type, a downgrade may not cross a level that changed
/// metadata, no change during a ZooKeeper migration, kraft.version only goes up. KRaft applies all or nothing.
/// </summary>
internal static class Features
{
    public const string MetadataVersion = "metadata.version";
    public const string KraftVersion = "kraft.version";
    public const string EligibleLeaderReplicasVersion = "eligible.leader.replicas.version";

    public static ClusterFeatures Describe(SimCluster cluster) =>
        new(cluster.MetadataVersionLevel, cluster.KraftVersion, cluster.IsKRaftCluster ? null : EffectiveInterBrokerProtocol(cluster));

    /// <summary>The IBP ZooKeeper brokers speak: the lowest configured (or default) value among them.</summary>
    public static string? EffectiveInterBrokerProtocol(SimCluster cluster)
    {
        var ibps = cluster.Brokers.Select(b => InterBrokerProtocolRules.Effective(cluster, b))
            .OfType<string>()
            .ToList();
        return ibps.Count == 0 ? null : ibps.Order(Comparer<string>.Create(InterBrokerProtocolRules.Compare)).First();
    }

    public static void Update(SimCluster cluster, IReadOnlyList<FeatureUpdate> updates, bool validateOnly)
    {
        if (cluster.Quorum is null)
        {
            throw new KafkaApiException(KafkaError.InvalidRequest,
                "metadata.version and kraft.version are KRaft features; in ZooKeeper mode set inter.broker.protocol.version and roll the brokers");
        }

        if (cluster.Quorum.LeaderId < 0)
        {
            throw new KafkaApiException(KafkaError.NotController, "The KRaft quorum has no active controller");
        }

        foreach (var update in updates)
        {
            Validate(cluster, update);
        }

        if (validateOnly)
        {
            return;
        }

        foreach (var update in updates)
        {
            if (update.Feature == MetadataVersion)
            {
                cluster.MetadataVersionLevel = update.Level;
            }
            else
            {
                cluster.KraftVersion = update.Level;
            }

            cluster.Quorum.LogEndOffset++;
        }
    }

    private static void Validate(SimCluster cluster, FeatureUpdate update)
    {
        string Invalid(string why) => $"Invalid update version {update.Level} for feature {update.Feature}. {why}";
        if (update.Feature == EligibleLeaderReplicasVersion)
        {
            // KIP-966 (ELR, on by default for new 4.1+ clusters) changes elections and min.insync.replicas handling;
            // the simulator does not model it, so it refuses to finalize it rather than pretend.
            throw new KafkaApiException(KafkaError.InvalidUpdateVersion,
                Invalid("The simulator does not model eligible leader replicas (KIP-966): ISR-only elections, no ELR."));
        }

        if (update.Feature is not (MetadataVersion or KraftVersion))
        {
            throw new KafkaApiException(KafkaError.InvalidUpdateVersion, Invalid("The controller does not support the given feature."));
        }

        if (update.Level < 0)
        {
            throw new KafkaApiException(KafkaError.InvalidUpdateVersion, Invalid("A feature version cannot be less than 0."));
        }

        if (update.Feature == MetadataVersion && cluster.Migration is ZkMigrationState.PreMigration or ZkMigrationState.Migration)
        {
            throw new KafkaApiException(KafkaError.InvalidUpdateVersion, "Unable to modify metadata.version while a ZK migration is in progress.");
        }

        // Kafka checks every registered broker (fenced included) and the controllers of the current voter set
        // ("controller N has not registered, and may not support this feature"): a controller removed with
        // RemoveRaftVoter (KIP-853) no longer counts, even while it still runs as an observer.
        foreach (var node in cluster.Nodes.Values.Where(n => n.KRaftRegistered && (n.IsBroker || cluster.Quorum?.IsVoter(n.Id) == true)))
        {
            var release = cluster.Catalog.Get(node.Config.Version);
            var supported = update.Feature == MetadataVersion
                ? release.SupportsMetadataLevel(update.Level)
                : update.Level <= 1 && (update.Level == cluster.KraftVersion || release.KraftVersionUpgrade);
            if (!supported)
            {
                var range = update.Feature == MetadataVersion
                    ? $"[{release.MinSupportedMetadataLevel}-{release.LatestProductionMetadataLevel}]"
                    : release.KraftVersionUpgrade ? "[0-1]" : "[0-0] for an upgrade (static to dynamic quorum needs 4.1+)";
                throw new KafkaApiException(KafkaError.InvalidUpdateVersion,
                    Invalid($"{(node.IsController ? "Controller" : "Broker")} {node.Id} only supports versions {range}"));
            }
        }

        var current = update.Feature == MetadataVersion ? cluster.MetadataVersionLevel ?? 0 : cluster.KraftVersion;
        if (update.Level < current && update.Type == FeatureUpgradeType.Upgrade)
        {
            throw new KafkaApiException(KafkaError.InvalidUpdateVersion,
                Invalid("Can't downgrade the version of this feature without setting the upgrade type to either safe or unsafe downgrade."));
        }

        if (update.Level > current && update.Type == FeatureUpgradeType.SafeDowngrade)
        {
            throw new KafkaApiException(KafkaError.InvalidUpdateVersion, Invalid("Can't downgrade to a newer version."));
        }

        if (update.Feature == KraftVersion)
        {
            if (update.Level < current)
            {
                throw new KafkaApiException(KafkaError.InvalidUpdateVersion, Invalid("Can't downgrade the version of this feature."));
            }

            if (update.Level == 1 && (cluster.MetadataVersionLevel ?? 0) < 21)
            {
                throw new KafkaApiException(KafkaError.InvalidUpdateVersion, "kraft.version could not be set to 1 because it depends on metadata.version level 21");
            }

            return;
        }

        if (cluster.Catalog.FindMetadataVersion(update.Level) is null)
        {
            throw new KafkaApiException(KafkaError.InvalidUpdateVersion,
                $"Invalid metadata.version {update.Level}. Valid versions are from 7 to {cluster.Catalog.MetadataVersions[^1].Level}.");
        }

        if (update.Level < current && cluster.Catalog.BlockingDowngradeLevel(current, update.Level) is not null)
        {
            throw new KafkaApiException(KafkaError.InvalidUpdateVersion,
                $"Unsupported metadata.version downgrade from {Name(cluster, current)} to {Name(cluster, update.Level)}. " +
                "Refusing to perform the requested downgrade because it might delete metadata information.");
        }
    }

    private static string Name(SimCluster cluster, int level) =>
        cluster.Catalog.FindMetadataVersion(level)?.ToString() ?? level.ToString(CultureInfo.InvariantCulture);
}
