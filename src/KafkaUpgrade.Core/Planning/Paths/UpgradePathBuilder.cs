using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Versions;

namespace KafkaUpgrade.Core.Planning.Paths;

/// <summary>
/// Walks the cluster forward one hop at a time, so each hop starts exactly where the previous one ended and its
/// reason can name the state it starts from.
/// </summary>
internal sealed class UpgradePathBuilder(VersionCatalog catalog, KafkaVersion version, MetadataMode mode, string? ibp, int? metadataLevel)
{
    private readonly List<UpgradeHop> _hops = [];

    public KafkaVersion Version { get; private set; } = version;

    public MetadataMode Mode { get; private set; } = mode;

    /// <summary>Effective inter.broker.protocol.version while in ZooKeeper mode.</summary>
    public string? Ibp { get; private set; } = ibp;

    /// <summary>Finalized metadata.version level while in KRaft mode (null before 3.3).</summary>
    public int? MetadataLevel { get; private set; } = metadataLevel;

    public IReadOnlyList<UpgradeHop> Hops => _hops;

    public KafkaRelease Release => catalog.Get(Version);

    /// <summary>Rolls the nodes to <paramref name="to"/>; metadata stays where it is. <paramref name="why"/> is a sentence without the final stop.</summary>
    public void Software(KafkaVersion to, string why)
    {
        var pinned = Mode == MetadataMode.ZooKeeper
            ? $"{FeatureNames.InterBrokerProtocol} stays pinned at {Ibp}"
            : MetadataLevel is { } level
                ? $"{FeatureNames.MetadataVersion} stays finalized at {Describe(level)}"
                : $"{FeatureNames.MetadataVersion} is not finalized yet";
        var verb = to < Version ? "Downgrade" : "Upgrade";
        var reason = $"{verb} the software from {Version} to {to}, one node at a time. {why}. {pinned}, so until the next " +
            $"metadata step the nodes can be rolled back to {Version}.";
        Add(new UpgradeHop(UpgradeHopKind.SoftwareUpgrade, Version, to, Mode, Mode, null, null, null, MetadataLevel, false, reason));
        Version = to;
    }

    /// <summary>Raises inter.broker.protocol.version to the current release's latest (ZooKeeper mode).</summary>
    public void BumpInterBrokerProtocol(string why)
    {
        var to = Release.LatestInterBrokerProtocol
            ?? throw new InvalidOperationException($"Kafka {Version} has no inter.broker.protocol.version");
        var reason = $"Every broker runs {Version}: set {FeatureNames.InterBrokerProtocol}={to} (was {Ibp}) and roll the " +
            $"brokers, {why}. Kafka's upgrade notes: once the brokers use the new protocol version the cluster can no " +
            $"longer be downgraded below {Version}.";
        Add(new UpgradeHop(UpgradeHopKind.BumpInterBrokerProtocol, Version, Version, Mode, Mode,
            FeatureNames.InterBrokerProtocol, Ibp, to, null, true, reason));
        Ibp = to;
    }

    /// <summary>ZooKeeper to KRaft on the bridge release; the quorum starts at the metadata.version matching the IBP.</summary>
    public void MigrateToKRaft(string why, MetadataMode? resumedFrom = null)
    {
        var mv = catalog.FindMetadataVersion(Ibp ?? string.Empty)
            ?? throw new InvalidOperationException($"inter.broker.protocol.version {Ibp} has no metadata.version");
        var reason = $"Migrate metadata from ZooKeeper to KRaft on {Version}, {why}. Following Kafka's \"ZooKeeper to KRaft " +
            $"Migration\" procedure: provision a KRaft controller quorum at {FeatureNames.MetadataVersion} {mv} with " +
            "zookeeper.metadata.migration.enable=true, roll the brokers into migration mode, wait for the metadata copy, " +
            "roll the brokers to process.roles=broker, then finalize by rolling the controllers without the migration flag. " +
            "Every phase before finalizing can be reverted to ZooKeeper; finalizing cannot (the docs suggest running in " +
            "dual-write for a while first).";
        Add(new UpgradeHop(UpgradeHopKind.MigrateToKRaft, Version, Version, resumedFrom ?? MetadataMode.ZooKeeper, MetadataMode.KRaft,
            FeatureNames.MetadataVersion, Ibp, mv.Name, mv.Level, true, reason));
        Mode = MetadataMode.KRaft;
        Ibp = null;
        MetadataLevel = mv.Level;
    }

    /// <summary>
    /// Sets the finalized metadata.version (KRaft); lower than now means a safe downgrade. The command names the
    /// feature rather than <c>--release-version</c>, which on 4.1+ also raises kraft.version and so turns a static
    /// quorum dynamic (KAFKA-21426).
    /// </summary>
    public void FinalizeMetadataVersion(int level, string why)
    {
        var to = catalog.FindMetadataVersion(level)
            ?? throw new InvalidOperationException($"metadata.version level {level} is not in the catalog");
        var from = MetadataLevel is { } f ? catalog.FindMetadataVersion(f) : null;
        var downgrade = from is not null && level < from.Level;
        var irreversible = !downgrade && catalog.MetadataVersions.Any(m => m.Level > (from?.Level ?? 0) && m.Level <= level && m.MetadataChanged);
        string reason;
        if (downgrade)
        {
            reason = $"Downgrade {FeatureNames.MetadataVersion} from {from} to {to} while every node still runs {Version}, {why}. " +
                $"No level in between changed metadata, so Kafka allows a safe downgrade " +
                $"(kafka-features.sh downgrade --feature {FeatureNames.MetadataVersion}={to.Level}).";
        }
        else
        {
            var consequence = irreversible
                ? $"Levels up to {to.Name} change the metadata format, so the cluster can no longer go below {to.Name} once this is done."
                : $"No level up to {to.Name} changes the metadata format, so a safe downgrade stays possible.";
            reason = $"Every node runs {Version}: finalize {FeatureNames.MetadataVersion} from {from?.ToString() ?? "unset"} to {to} " +
                $"(kafka-features.sh upgrade --feature {FeatureNames.MetadataVersion}={to.Level}), {why}. A cluster with nodes on mixed versions cannot finalize. {consequence}";
        }

        Add(new UpgradeHop(UpgradeHopKind.FinalizeMetadataVersion, Version, Version, Mode, Mode,
            FeatureNames.MetadataVersion, from?.Name, to.Name, to.Level, irreversible, reason));
        MetadataLevel = level;
    }

    private string Describe(int level) => catalog.FindMetadataVersion(level)?.ToString() ?? level.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void Add(UpgradeHop hop) => _hops.Add(hop);
}
