using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Versions;

namespace KafkaUpgrade.Core.Planning.Paths;

/// <summary>
/// Checks, just before running it, that a planned hop fits the cluster as it is now: a workflow plans once but
/// the cluster may have moved (a node replaced, a roll interrupted, someone finalized by hand).
/// </summary>
public static class UpgradeHopValidator
{
    /// <summary>Whether <paramref name="hop"/> may start from <paramref name="state"/>.</summary>
    public static HopValidation Validate(UpgradeHop hop, ClusterState state, VersionCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(hop);
        ArgumentNullException.ThrowIfNull(state);
        catalog ??= VersionCatalog.Default;

        var resumingMigration = hop.Kind == UpgradeHopKind.MigrateToKRaft && state.MetadataMode.IsMigrating();
        if (state.MetadataMode != hop.ModeBefore && !resumingMigration)
        {
            return HopValidation.Refuse(
                $"The cluster is in {state.MetadataMode} mode but the hop '{hop}' starts from {hop.ModeBefore}.");
        }

        var nodes = state.Nodes.Where(n => n.State != NodeState.Decommissioned).ToList();
        if (nodes.Count == 0)
        {
            return HopValidation.Refuse("The cluster has no nodes.");
        }

        var offVersion = hop.Kind == UpgradeHopKind.SoftwareUpgrade
            ? nodes.FirstOrDefault(n => !Runs(n, hop.FromVersion) && !Runs(n, hop.ToVersion))
            : nodes.FirstOrDefault(n => !Runs(n, hop.FromVersion));
        if (offVersion is not null)
        {
            var expected = hop.Kind == UpgradeHopKind.SoftwareUpgrade ? $"{hop.FromVersion} or {hop.ToVersion}" : hop.FromVersion.ToString();
            return HopValidation.Refuse(
                $"Node {offVersion.Id} runs {offVersion.Version}, but the hop '{hop}' needs every node on {expected}.");
        }

        return hop.Kind switch
        {
            UpgradeHopKind.SoftwareUpgrade => ValidateSoftware(hop, state, catalog, nodes.Count),
            UpgradeHopKind.BumpInterBrokerProtocol => ValidateIbpBump(hop, state, nodes.Count),
            UpgradeHopKind.MigrateToKRaft => ValidateMigration(hop, state, nodes.Count, resumingMigration),
            UpgradeHopKind.FinalizeMetadataVersion => ValidateFinalize(hop, state, catalog, nodes.Count),
            _ => HopValidation.Refuse($"Unknown hop kind {hop.Kind}."),
        };
    }

    private static HopValidation ValidateSoftware(UpgradeHop hop, ClusterState state, VersionCatalog catalog, int nodeCount)
    {
        var to = catalog.Get(hop.ToVersion);
        if (state.MetadataMode == MetadataMode.ZooKeeper)
        {
            if (!to.SupportsZooKeeper)
            {
                return HopValidation.Refuse($"Kafka {hop.ToVersion} has no ZooKeeper mode; migrate to KRaft first.");
            }

            var ibp = state.Features.InterBrokerProtocolVersion;
            if (ibp is null)
            {
                return HopValidation.Refuse(
                    $"inter.broker.protocol.version is not pinned: rolling to {hop.ToVersion} would raise it to that release's default and make the roll irreversible.");
            }

            if (!InterBrokerProtocol.TryParse(ibp, out var parsed) || !InterBrokerProtocol.TryParse(to.LatestInterBrokerProtocol, out var max) || parsed > max)
            {
                return HopValidation.Refuse(
                    $"inter.broker.protocol.version is {ibp}, which Kafka {hop.ToVersion} does not speak (its latest is {to.LatestInterBrokerProtocol}).");
            }

            return HopValidation.Allow($"All {nodeCount} nodes run {hop.FromVersion} or {hop.ToVersion} and inter.broker.protocol.version {ibp} is pinned.");
        }

        if (state.Features.MetadataVersionLevel is { } level && !to.SupportsMetadataLevel(level))
        {
            return HopValidation.Refuse(
                $"Kafka {hop.ToVersion} cannot run the finalized metadata.version {Describe(catalog, level)}: " +
                $"it supports levels {to.MinSupportedMetadataLevel} to {to.LatestProductionMetadataLevel}.");
        }

        return HopValidation.Allow($"All {nodeCount} nodes run {hop.FromVersion} or {hop.ToVersion} and Kafka {hop.ToVersion} can run the finalized metadata.version.");
    }

    private static HopValidation ValidateIbpBump(UpgradeHop hop, ClusterState state, int nodeCount)
    {
        var current = state.Features.InterBrokerProtocolVersion;
        if (current is not null && InterBrokerProtocol.TryParse(current, out var now) && InterBrokerProtocol.TryParse(hop.FeatureAfter, out var wanted) && now > wanted)
        {
            return HopValidation.Refuse($"inter.broker.protocol.version is already {current}, newer than the hop's {hop.FeatureAfter}.");
        }

        return HopValidation.Allow($"All {nodeCount} nodes run {hop.FromVersion}, so inter.broker.protocol.version can go from {current ?? "unset"} to {hop.FeatureAfter}.");
    }

    private static HopValidation ValidateMigration(UpgradeHop hop, ClusterState state, int nodeCount, bool resuming)
    {
        if (resuming)
        {
            return HopValidation.Allow($"The migration is under way ({state.MetadataMode}) and every node runs {hop.FromVersion}: resume it.");
        }

        if (!string.Equals(state.Features.InterBrokerProtocolVersion, hop.FeatureBefore, StringComparison.OrdinalIgnoreCase))
        {
            return HopValidation.Refuse(
                $"The migration needs inter.broker.protocol.version {hop.FeatureBefore} on every broker, but the cluster has " +
                $"{state.Features.InterBrokerProtocolVersion ?? "none pinned"}.");
        }

        return HopValidation.Allow($"All {nodeCount} nodes run {hop.FromVersion} with inter.broker.protocol.version {hop.FeatureBefore}: the migration can start.");
    }

    private static HopValidation ValidateFinalize(UpgradeHop hop, ClusterState state, VersionCatalog catalog, int nodeCount)
    {
        var release = catalog.Get(hop.FromVersion);
        if (hop.MetadataLevel is not { } level || !release.SupportsMetadataLevel(level))
        {
            return HopValidation.Refuse($"Kafka {hop.FromVersion} cannot run metadata.version {hop.FeatureAfter}.");
        }

        var current = state.Features.MetadataVersionLevel;
        if (current is { } now && now != level && !string.Equals(Describe(catalog, now, nameOnly: true), hop.FeatureBefore, StringComparison.OrdinalIgnoreCase))
        {
            return HopValidation.Refuse(
                $"The hop expects metadata.version {hop.FeatureBefore ?? "unset"} but the cluster has {Describe(catalog, now)}: plan again.");
        }

        if (current is { } lower && level < lower && catalog.BlockingDowngradeLevel(lower, level) is { } blocking)
        {
            return HopValidation.Refuse($"metadata.version {blocking} changed metadata: Kafka refuses to downgrade below it.");
        }

        return HopValidation.Allow($"All {nodeCount} nodes run {hop.FromVersion}, which supports metadata.version {hop.FeatureAfter}.");
    }

    /// <summary>A node matches <c>3.9</c> on any 3.9.x, and <c>3.9.1</c> only on 3.9.1.</summary>
    private static bool Runs(ClusterNode node, KafkaVersion version) =>
        node.Version.Line == version.Line && (version.Patch == 0 || node.Version.Patch == version.Patch);

    private static string Describe(VersionCatalog catalog, int level, bool nameOnly = false)
    {
        var info = catalog.FindMetadataVersion(level);
        return info is null ? level.ToString(System.Globalization.CultureInfo.InvariantCulture) : nameOnly ? info.Name : info.ToString();
    }
}
