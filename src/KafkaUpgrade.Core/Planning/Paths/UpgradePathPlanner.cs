using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Versions;

namespace KafkaUpgrade.Core.Planning.Paths;

/// <summary>
/// Plans the hops a careful operator runs to take a cluster from its current Kafka version and metadata mode to
/// a target version, or refuses with an <see cref="UpgradePathException"/> that names the problem.
/// </summary>
/// <remarks>
/// Rules, from Kafka's upgrade notes (kafka.apache.org/40/documentation.html#upgrade, "Upgrading Servers to 4.0.0
/// from any version 3.3.x through 3.9.x") and the 3.9 operations guide ("ZooKeeper to KRaft Migration"):
/// <list type="bullet">
/// <item>4.x runs KRaft only and needs software and <c>metadata.version</c> of at least 3.3 (level 7, 3.3-IV3);
/// KRaft clusters older than 3.3 go to 3.9.x first; ZooKeeper clusters migrate to KRaft first.</item>
/// <item>Migration runs on the bridge release: the newest release that still has ZooKeeper and whose migration
/// is production ready (3.9 in the shipped catalog: the last ZooKeeper release, migration out of early access).
/// Migrating on the bridge also means the cluster never runs an early-access migration.</item>
/// <item>The migration hop ends with finalizing the migration (the point of no return); the KRaft quorum is
/// provisioned at the <c>metadata.version</c> matching the brokers' <c>inter.broker.protocol.version</c>, so no
/// separate finalization follows it on the bridge release.</item>
/// <item>Software is rolled first with metadata pinned, then metadata is finalized: a cluster with nodes on mixed
/// versions cannot finalize, and finalizing is what makes a downgrade impossible.</item>
/// <item>A major release boundary is crossed by stopping at its first release (X.0); within a major line the
/// path jumps straight to the target.</item>
/// <item>A downgrade is possible only while no <c>metadata.version</c> between target and current changed
/// metadata (KRaft), or while <c>inter.broker.protocol.version</c> is one the target speaks (ZooKeeper).</item>
/// </list>
/// </remarks>
public sealed class UpgradePathPlanner
{
    private readonly VersionCatalog _catalog;

    /// <summary>Creates a planner over <paramref name="catalog"/>, or <see cref="VersionCatalog.Default"/>.</summary>
    public UpgradePathPlanner(VersionCatalog? catalog = null)
    {
        _catalog = catalog ?? VersionCatalog.Default;
    }

    /// <summary>
    /// The hops from <see cref="UpgradePathRequest.Current"/> to <see cref="UpgradePathRequest.Target"/>.
    /// Throws <see cref="UnknownVersionException"/> for a version the catalog does not know and
    /// <see cref="UpgradePathException"/> for an impossible or unsafe request.
    /// </summary>
    public UpgradePath Plan(UpgradePathRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = _catalog.Get(request.Current);
        var target = _catalog.Get(request.Target);

        if (request.Mode.IsMigrating())
        {
            return ResumeMigration(request, current, target);
        }

        var builder = request.Mode == MetadataMode.ZooKeeper
            ? StartFromZooKeeper(request, current)
            : StartFromKRaft(request, current);

        if (request.Target < request.Current)
        {
            PlanDowngrade(request, builder, target);
        }
        else if (request.Target == request.Current)
        {
            PlanFinalizeOnly(request, builder);
        }
        else if (request.Mode == MetadataMode.ZooKeeper)
        {
            PlanFromZooKeeper(request, builder, target);
        }
        else
        {
            PlanKRaft(request, builder, target);
        }

        return new UpgradePath(request, builder.Hops, UpgradePathWarnings.Collect(_catalog, request, builder.Hops));
    }

    /// <summary>
    /// A migration a failed or terminated run left part done: when the target has no ZooKeeper mode (so the plan from
    /// ZooKeeper would migrate on this release anyway), the path finishes that migration first (the migration hop
    /// skips every phase already done) and goes on from KRaft. Anything else is refused: Kafka allows no software or
    /// metadata version change during a migration.
    /// </summary>
    private UpgradePath ResumeMigration(UpgradePathRequest request, KafkaRelease current, KafkaRelease target)
    {
        // Only on the bridge release, where this planner (and the KRaftMigration workflow) runs migrations.
        var bridge = _catalog.Releases.LastOrDefault(r => r.SupportsZooKeeper && r.ZkMigration == MigrationSupport.Production);
        if (target.SupportsZooKeeper || request.Target < request.Current || !request.EffectiveOptions.AllowZooKeeperMigration
            || bridge is null || current.Version.Line != bridge.Version.Line)
        {
            throw new UpgradePathException(
                $"The cluster on {request.Current} is in the middle of a ZooKeeper to KRaft migration ({request.Mode}): " +
                "finish or roll back the migration first; Kafka allows no software or metadata version change during a migration.");
        }

        // The brokers still in ZooKeeper mode keep the protocol the migration started with; the quorum was provisioned
        // at the metadata.version matching it.
        var ibp = request.Features.InterBrokerProtocolVersion ?? current.LatestInterBrokerProtocol;
        var builder = StartFromZooKeeper(request with { Features = request.Features with { InterBrokerProtocolVersion = ibp } }, current);
        builder.MigrateToKRaft(
            $"to finish the migration an earlier run left at {request.Mode} (the phases already done are skipped), because Kafka {target.Version} has no ZooKeeper mode",
            request.Mode);
        PlanKRaft(request, builder, target);
        return new UpgradePath(request, builder.Hops, UpgradePathWarnings.Collect(_catalog, request, builder.Hops));
    }

    private UpgradePathBuilder StartFromZooKeeper(UpgradePathRequest request, KafkaRelease current)
    {
        if (!current.SupportsZooKeeper)
        {
            throw new UpgradePathException(
                $"The request says the cluster runs {request.Current} in ZooKeeper mode, but ZooKeeper mode was removed in " +
                $"{FirstReleaseWithoutZooKeeper()}: check the current version and metadata mode.");
        }

        var latest = current.LatestInterBrokerProtocol!;
        var ibpText = request.Features.InterBrokerProtocolVersion ?? latest;
        if (!InterBrokerProtocol.TryParse(ibpText, out var ibp))
        {
            throw new UpgradePathException(
                $"inter.broker.protocol.version '{ibpText}' is not a protocol version: expected e.g. 3.6-IV2 or 3.6.");
        }

        var normalized = Normalize(ibp);
        if (Parse(normalized) > Parse(latest))
        {
            throw new UpgradePathException(
                $"inter.broker.protocol.version {ibpText} is newer than Kafka {request.Current} supports (its latest is {latest}): " +
                "check the current version and features.");
        }

        return new UpgradePathBuilder(_catalog, request.Current, MetadataMode.ZooKeeper, normalized, null);
    }

    private UpgradePathBuilder StartFromKRaft(UpgradePathRequest request, KafkaRelease current)
    {
        var level = request.Features.MetadataVersionLevel;
        if (level is null)
        {
            if (current.LatestProductionMetadataLevel is not null)
            {
                throw new UpgradePathException(
                    $"The KRaft cluster on {request.Current} reports no finalized metadata.version; every KRaft cluster from 3.3 " +
                    "on has one (KIP-778): describe the features again before planning.");
            }

            return new UpgradePathBuilder(_catalog, request.Current, MetadataMode.KRaft, null, null);
        }

        var info = _catalog.FindMetadataVersion(level.Value)
            ?? throw new UpgradePathException(
                $"metadata.version level {level} is not in the version catalog (known: {_catalog.MetadataVersions[0].Level} to {_catalog.MetadataVersions[^1].Level}).");
        if (!current.SupportsMetadataLevel(level.Value))
        {
            throw new UpgradePathException(
                $"Kafka {request.Current} cannot run with metadata.version {info} (it supports {DescribeRange(current)}): " +
                "check the current version and features.");
        }

        return new UpgradePathBuilder(_catalog, request.Current, MetadataMode.KRaft, null, level);
    }

    private void PlanFinalizeOnly(UpgradePathRequest request, UpgradePathBuilder builder)
    {
        var release = builder.Release;
        if (builder.Mode == MetadataMode.ZooKeeper)
        {
            if (builder.Ibp == release.LatestInterBrokerProtocol || !request.EffectiveOptions.FinalizeAtEnd)
            {
                throw new UpgradePathException(
                    $"Nothing to do: the cluster already runs {request.Current} with inter.broker.protocol.version {builder.Ibp}.");
            }

            builder.BumpInterBrokerProtocol($"to finish the upgrade to {request.Target}, which stopped before finalizing");
            return;
        }

        if (release.LatestProductionMetadataLevel is not { } latest || builder.MetadataLevel >= latest || !request.EffectiveOptions.FinalizeAtEnd)
        {
            var mv = builder.MetadataLevel is { } l ? _catalog.FindMetadataVersion(l)!.ToString() : "none (before 3.3)";
            throw new UpgradePathException(
                $"Nothing to do: the cluster already runs {request.Current} in KRaft mode with metadata.version {mv}.");
        }

        builder.FinalizeMetadataVersion(latest, $"to finish the upgrade to {request.Target}, which stopped before finalizing");
    }

    private void PlanFromZooKeeper(UpgradePathRequest request, UpgradePathBuilder builder, KafkaRelease target)
    {
        if (target.SupportsZooKeeper)
        {
            Climb(builder, request.Target, request.EffectiveOptions.FinalizeAtEnd, $"{request.Target} is the requested target");
            return;
        }

        var bridge = _catalog.Releases.LastOrDefault(r => r.SupportsZooKeeper && r.ZkMigration == MigrationSupport.Production);
        if (!request.EffectiveOptions.AllowZooKeeperMigration || bridge is null)
        {
            var why = bridge is null
                ? "the catalog has no release that can migrate it to KRaft"
                : $"the request does not allow migrating it to KRaft (which would happen on {bridge.Version})";
            throw new UpgradePathException(
                $"Cannot upgrade the ZooKeeper cluster from {request.Current} to {request.Target}: Kafka {target.Version} runs " +
                $"KRaft only (ZooKeeper was removed in {FirstReleaseWithoutZooKeeper()}) and {why}.");
        }

        if (builder.Version.Line < bridge.Version)
        {
            Climb(builder, bridge.Version, finalizeLast: false,
                $"{bridge.Version} is the bridge release: the last one with ZooKeeper and one whose migration is production ready; " +
                $"Kafka's 4.0 upgrade notes require ZooKeeper clusters to migrate to KRaft before any {target.Version.Major}.x");
        }

        if (builder.Ibp != bridge.LatestInterBrokerProtocol)
        {
            builder.BumpInterBrokerProtocol(
                $"because the migration guide requires the brokers' {FeatureNames.InterBrokerProtocol} to match the release ({bridge.Version})");
        }

        builder.MigrateToKRaft(
            $"because Kafka {target.Version} has no ZooKeeper mode and {bridge.Version} is the last release that can run the migration");
        PlanKRaft(request, builder, target);
    }

    private void PlanKRaft(UpgradePathRequest request, UpgradePathBuilder builder, KafkaRelease target)
    {
        var minimum = target.MinSupportedMetadataLevel ?? 0;
        var stepping = _catalog.Releases.LastOrDefault(r => r.Version < target.Version && r.SupportsMetadataLevel(1));
        if (!builder.Release.KRaftProductionReady && minimum > 1 && stepping is not null && builder.Version.Line < stepping.Version)
        {
            var needs = _catalog.FindMetadataVersion(minimum);
            Climb(builder, stepping.Version, finalizeLast: true,
                $"Kafka {target.Version} needs software and metadata.version of at least {needs}, and Kafka's 4.0 upgrade " +
                $"notes recommend KRaft clusters older than 3.3 go to {stepping.Version}.x first");
        }

        Climb(builder, request.Target, request.EffectiveOptions.FinalizeAtEnd, $"{request.Target} is the requested target");
    }

    /// <summary>Software hops (stopping at each new major's first release), each followed by its finalization.</summary>
    private void Climb(UpgradePathBuilder builder, KafkaVersion destination, bool finalizeLast, string destinationWhy)
    {
        var stops = new List<(KafkaVersion Version, string Why)>();
        for (var major = builder.Version.Major + 1; major <= destination.Major; major++)
        {
            var first = _catalog.Releases.FirstOrDefault(r => r.Version.Major == major);
            if (first is not null && first.Version < destination.Line)
            {
                stops.Add((first.Version, $"Stop at {first.Version} because the path crosses into the {major}.x line, where removed features and changed defaults show up first"));
            }
        }

        stops.Add((destination, destinationWhy));
        foreach (var (stop, why) in stops)
        {
            var release = _catalog.Get(stop);
            EnsureMetadataRunsOn(builder, release);
            builder.Software(stop, why);
            var isLast = stop == destination;
            if (isLast && !finalizeLast)
            {
                continue;
            }

            FinalizeOnRelease(builder, release, isLast ? "to finish the upgrade" : "before the next software step, as a careful operator verifies each release on its own metadata");
        }
    }

    private static void FinalizeOnRelease(UpgradePathBuilder builder, KafkaRelease release, string why)
    {
        if (builder.Mode == MetadataMode.ZooKeeper)
        {
            if (builder.Ibp != release.LatestInterBrokerProtocol)
            {
                builder.BumpInterBrokerProtocol(why);
            }
        }
        else if (release.LatestProductionMetadataLevel is { } latest && (builder.MetadataLevel ?? 0) < latest)
        {
            builder.FinalizeMetadataVersion(latest, why);
        }
    }

    /// <summary>A KRaft release refuses to start on a metadata.version it does not support (4.x: below 3.3-IV3), so raise it first.</summary>
    private void EnsureMetadataRunsOn(UpgradePathBuilder builder, KafkaRelease next)
    {
        if (builder.Mode != MetadataMode.KRaft || next.MinSupportedMetadataLevel is not { } minimum || (builder.MetadataLevel ?? 1) >= minimum)
        {
            return;
        }

        var here = builder.Release;
        var needs = _catalog.FindMetadataVersion(minimum)!;
        if (here.LatestProductionMetadataLevel is not { } latest || latest < minimum)
        {
            throw new UpgradePathException(
                $"Kafka {next.Version} needs metadata.version {needs} or newer, and Kafka {here.Version} cannot finalize it.");
        }

        builder.FinalizeMetadataVersion(latest, $"because Kafka {next.Version} refuses to run below metadata.version {needs}");
    }

    private void PlanDowngrade(UpgradePathRequest request, UpgradePathBuilder builder, KafkaRelease target)
    {
        if (builder.Mode == MetadataMode.ZooKeeper)
        {
            var ibp = Parse(builder.Ibp!);
            if (ibp > Parse(target.LatestInterBrokerProtocol!))
            {
                throw new UpgradePathException(
                    $"Cannot downgrade the ZooKeeper cluster from {request.Current} to {request.Target}: inter.broker.protocol.version " +
                    $"is {builder.Ibp}, newer than Kafka {target.Version} speaks (its latest is {target.LatestInterBrokerProtocol}). " +
                    "Kafka's upgrade notes: once the brokers use a new protocol version the cluster can no longer be downgraded below it.");
            }

            builder.Software(request.Target, $"Requested; Kafka {target.Version} still speaks inter.broker.protocol.version {builder.Ibp}");
            return;
        }

        if (builder.MetadataLevel is not { } level)
        {
            builder.Software(request.Target, "Requested; the cluster predates metadata.version, so no metadata blocks it");
            return;
        }

        var current = _catalog.FindMetadataVersion(level)!;
        if (target.LatestProductionMetadataLevel is not { } targetLatest)
        {
            throw new UpgradePathException(
                $"Cannot downgrade from {request.Current} to {request.Target}: Kafka {target.Version} cannot run the finalized " +
                $"metadata.version {current}; it predates metadata.version (introduced in 3.3 by KIP-778).");
        }

        var needed = Math.Min(level, targetLatest);
        if (!target.SupportsMetadataLevel(needed))
        {
            throw new UpgradePathException(
                $"Cannot downgrade from {request.Current} to {request.Target}: Kafka {target.Version} cannot run the finalized " +
                $"metadata.version {current} (it supports {DescribeRange(target)}).");
        }

        if (_catalog.BlockingDowngradeLevel(level, needed) is { } blocking)
        {
            throw new UpgradePathException(
                $"Cannot downgrade from {request.Current} to {request.Target}: the cluster has finalized metadata.version {current}, " +
                $"Kafka {target.Version} runs at most {_catalog.FindMetadataVersion(targetLatest)}, and metadata.version {blocking} " +
                "changed the metadata format, so Kafka refuses to downgrade below it (a downgrade is only possible when no " +
                "metadata.version in between has metadata changes).");
        }

        if (needed < level)
        {
            builder.FinalizeMetadataVersion(needed, $"so that Kafka {target.Version} can run it");
        }

        builder.Software(request.Target, $"Requested; Kafka {target.Version} runs the finalized metadata.version");
    }

    private static InterBrokerProtocol Parse(string ibp) =>
        InterBrokerProtocol.TryParse(ibp, out var parsed) ? parsed : throw new UpgradePathException($"'{ibp}' is not an inter.broker.protocol.version");

    /// <summary>A bare <c>3.6</c> means 3.6's highest IV: spell it out so comparisons with the catalog are exact.</summary>
    private string Normalize(InterBrokerProtocol ibp) =>
        ibp.Iv is null && ibp.Release.Patch == 0 && _catalog.Find(ibp.Release)?.LatestInterBrokerProtocol is { } spelled
            ? spelled
            : ibp.ToString();

    private static string DescribeRange(KafkaRelease release) =>
        release.MinSupportedMetadataLevel is { } min && release.LatestProductionMetadataLevel is { } max
            ? $"levels {min} to {max}"
            : "no metadata.version at all";

    private string FirstReleaseWithoutZooKeeper() =>
        _catalog.Releases.FirstOrDefault(r => !r.SupportsZooKeeper)?.Version.ToString() ?? "a later release";
}
