using KafkaUpgrade.Core.Versions;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Schema;
using KafkaUpgrade.Simulation.Wire.Versions;

namespace KafkaUpgrade.Simulation.Wire.Handlers;

/// <summary>
/// ApiVersions (18): the node's release ranges; v3+ also its supported features and the cluster's finalized ones
/// (how the admin client's describeFeatures works: KIP-584). A ZooKeeper-mode broker finalizes no
/// <c>metadata.version</c> (it has none) and reports the epoch -1. A KRaft controller run with
/// <c>zookeeper.metadata.migration.enable</c> sets ZkMigrationReady (KIP-866; ControllerServer builds its
/// SimpleApiVersionManager with <c>config.migrationEnabled</c>; the schema: "Set by a KRaft controller if the
/// required configurations for ZK migration are present"): how an admin client tells a migration's quorum.
/// </summary>
internal static class ApiVersionsHandler
{
    public static KafkaStruct Handle(RequestContext context)
    {
        var response = context.NewResponse().Set("ErrorCode", (short)0);
        foreach (var range in AdvertisedApis.For(context.NodeVersion, context.Listener))
        {
            response.Add("ApiKeys").Set("ApiKey", range.ApiKey).Set("MinVersion", range.MinVersion).Set("MaxVersion", range.MaxVersion);
        }

        if (context.Version < 3)
        {
            return response;
        }

        if (context.Listener == ListenerKind.Controller && context.Snapshot.Nodes.TryGetValue(context.NodeId, out var node) && node.Info.Config.ZooKeeperMigrationEnabled)
        {
            response.Set("ZkMigrationReady", true);
        }

        var release = VersionCatalog.Default.Find(context.NodeVersion);
        if (release?.MinSupportedMetadataLevel is { } min && release.LatestProductionMetadataLevel is { } max)
        {
            response.Add("SupportedFeatures").Set("Name", "metadata.version").Set("MinVersion", (short)min).Set("MaxVersion", (short)max);
        }

        // kraft.version exists from 3.9 (KIP-853): 0 static quorum, 1 dynamic.
        if (release?.DynamicQuorum == true)
        {
            response.Add("SupportedFeatures").Set("Name", "kraft.version").Set("MinVersion", (short)0).Set("MaxVersion", (short)1);
        }

        var features = context.State.Features;
        if (context.Listener == ListenerKind.ZkBroker || features.MetadataVersionLevel is not { } level)
        {
            return response.Set("FinalizedFeaturesEpoch", -1L);
        }

        response.Set("FinalizedFeaturesEpoch", context.State.Quorum?.HighWatermark ?? 0L);
        response.Add("FinalizedFeatures").Set("Name", "metadata.version").Set("MaxVersionLevel", (short)level).Set("MinVersionLevel", (short)level);
        if (features.KraftVersion > 0)
        {
            response.Add("FinalizedFeatures").Set("Name", "kraft.version").Set("MaxVersionLevel", (short)features.KraftVersion).Set("MinVersionLevel", (short)features.KraftVersion);
        }

        return response;
    }
}
