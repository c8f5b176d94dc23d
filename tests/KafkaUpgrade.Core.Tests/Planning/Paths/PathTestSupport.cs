using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Paths;

namespace KafkaUpgrade.Core.Tests.Planning.Paths;

/// <summary>Short spellings of hops and a toy cluster that hops can be applied to.</summary>
internal static class PathTestSupport
{
    public static readonly UpgradePathPlanner Planner = new();

    public static UpgradePathRequest ZooKeeper(string current, string? ibp, string target, UpgradePathOptions? options = null) =>
        new(KafkaVersion.Parse(current), MetadataMode.ZooKeeper, new ClusterFeatures(null, 0, ibp), KafkaVersion.Parse(target), options);

    public static UpgradePathRequest KRaft(string current, int? metadataLevel, string target, UpgradePathOptions? options = null) =>
        new(KafkaVersion.Parse(current), MetadataMode.KRaft, new ClusterFeatures(metadataLevel, 0, null), KafkaVersion.Parse(target), options);

    /// <summary><c>SW 3.6-&gt;3.9</c>, <c>IBP 3.9-IV0</c>, <c>MIGRATE 3.9-IV0</c>, <c>MV 4.0-IV3</c>.</summary>
    public static string Short(UpgradeHop hop) => hop.Kind switch
    {
        UpgradeHopKind.SoftwareUpgrade => $"SW {hop.FromVersion}->{hop.ToVersion}",
        UpgradeHopKind.BumpInterBrokerProtocol => $"IBP {hop.FeatureAfter}",
        UpgradeHopKind.MigrateToKRaft => $"MIGRATE {hop.FeatureAfter}",
        UpgradeHopKind.FinalizeMetadataVersion => $"MV {hop.FeatureAfter}",
        _ => hop.Kind.ToString(),
    };

    public static string Shorts(UpgradePath path) => string.Join(", ", path.Hops.Select(Short));

    public static ClusterState Cluster(KafkaVersion version, MetadataMode mode, ClusterFeatures features, int nodes = 3) =>
        new(
            "cluster-1",
            mode,
            Enumerable.Range(1, nodes).Select(id => new ClusterNode(id, $"rack-{id}", NodeRoles.Broker, version, NodeState.Running)).ToList(),
            [],
            features);

    /// <summary>The cluster after a hop completed as planned.</summary>
    public static ClusterState Apply(ClusterState state, UpgradeHop hop)
    {
        var features = hop.Kind switch
        {
            UpgradeHopKind.BumpInterBrokerProtocol => state.Features with { InterBrokerProtocolVersion = hop.FeatureAfter },
            UpgradeHopKind.MigrateToKRaft => new ClusterFeatures(hop.MetadataLevel, 0, null),
            UpgradeHopKind.FinalizeMetadataVersion => state.Features with { MetadataVersionLevel = hop.MetadataLevel },
            _ => state.Features,
        };
        return state with
        {
            MetadataMode = hop.ModeAfter,
            Features = features,
            Nodes = state.Nodes.Select(n => n with { Version = hop.ToVersion }).ToList(),
        };
    }
}
