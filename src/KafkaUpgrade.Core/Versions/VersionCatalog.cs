using System.Text.Json;
using System.Text.Json.Serialization;
using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Versions;

/// <summary>
/// Kafka's release and <c>metadata.version</c> facts, loaded from data (<c>kafka-releases.json</c>, embedded) so
/// that a new release is a data change, not a code change.
/// </summary>
public sealed class VersionCatalog
{
    private static readonly Lazy<VersionCatalog> DefaultCatalog = new(LoadEmbedded);

    private readonly Dictionary<KafkaVersion, KafkaRelease> _byLine;
    private readonly Dictionary<int, MetadataVersionInfo> _byLevel;

    private VersionCatalog(IReadOnlyList<KafkaRelease> releases, IReadOnlyList<MetadataVersionInfo> metadataVersions)
    {
        Releases = releases;
        MetadataVersions = metadataVersions;
        _byLine = releases.ToDictionary(r => r.Version);
        _byLevel = metadataVersions.ToDictionary(m => m.Level);
    }

    /// <summary>The catalog shipped with this build.</summary>
    public static VersionCatalog Default => DefaultCatalog.Value;

    /// <summary>All known release lines, oldest first.</summary>
    public IReadOnlyList<KafkaRelease> Releases { get; }

    /// <summary>All known <c>metadata.version</c> levels, lowest first.</summary>
    public IReadOnlyList<MetadataVersionInfo> MetadataVersions { get; }

    /// <summary>The newest release line in the catalog.</summary>
    public KafkaRelease Newest => Releases[^1];

    /// <summary>The release line of <paramref name="version"/>, or null when the catalog does not know it.</summary>
    public KafkaRelease? Find(KafkaVersion version) => _byLine.GetValueOrDefault(version.Line);

    /// <summary>The release line of <paramref name="version"/>; throws <see cref="UnknownVersionException"/> naming it otherwise.</summary>
    public KafkaRelease Get(KafkaVersion version) =>
        Find(version) ?? throw new UnknownVersionException(
            $"Kafka version '{version}' is not in the version catalog (known: {string.Join(", ", Releases.Select(r => r.Version))})");

    /// <summary>Parses and looks up a version string; throws naming the string when malformed or unknown.</summary>
    public KafkaRelease Get(string version)
    {
        if (!KafkaVersion.TryParse(version, out var parsed))
        {
            throw new UnknownVersionException($"'{version}' is not a Kafka version: expected MAJOR.MINOR or MAJOR.MINOR.PATCH, e.g. 3.9");
        }

        return Get(parsed);
    }

    /// <summary>The metadata level with this number, or null.</summary>
    public MetadataVersionInfo? FindMetadataVersion(int level) => _byLevel.GetValueOrDefault(level);

    /// <summary>
    /// The metadata level named <c>3.9-IV0</c>, or for a bare release <c>3.9</c> that release's highest level
    /// (how Kafka maps <c>X.Y</c>), or null.
    /// </summary>
    public MetadataVersionInfo? FindMetadataVersion(string name)
    {
        var exact = MetadataVersions.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
        if (exact is not null || !KafkaVersion.TryParse(name, out var line))
        {
            return exact;
        }

        return MetadataVersions.LastOrDefault(m => m.Release == line.Line);
    }

    /// <summary>
    /// Kafka's downgrade rule: lowering <c>metadata.version</c> from <paramref name="fromLevel"/> to
    /// <paramref name="toLevel"/> is allowed only if no level in (to, from] changed metadata.
    /// </summary>
    public bool IsMetadataDowngradeSafe(int fromLevel, int toLevel) => BlockingDowngradeLevel(fromLevel, toLevel) is null;

    /// <summary>The highest level in (to, from] that changed metadata and so blocks the downgrade, or null.</summary>
    public MetadataVersionInfo? BlockingDowngradeLevel(int fromLevel, int toLevel) =>
        MetadataVersions.LastOrDefault(m => m.Level > toLevel && m.Level <= fromLevel && m.MetadataChanged);

    /// <summary>Loads a catalog from JSON text in the shipped format; throws <see cref="JsonException"/> or <see cref="InvalidDataException"/> naming the problem.</summary>
    public static VersionCatalog Load(string json)
    {
        var dto = JsonSerializer.Deserialize<CatalogDto>(json, JsonOptions)
            ?? throw new InvalidDataException("version catalog: empty document");
        var metadata = (dto.MetadataVersions ?? [])
            .Select(m => new MetadataVersionInfo(m.Level, m.Name, m.MetadataChanged, m.Description ?? string.Empty))
            .OrderBy(m => m.Level)
            .ToList();
        var releases = (dto.Releases ?? [])
            .Select((r, i) => ToRelease(r, i))
            .OrderBy(r => r.Version)
            .ToList();
        Validate(releases, metadata);
        return new VersionCatalog(releases, metadata);
    }

    private static KafkaRelease ToRelease(ReleaseDto r, int index)
    {
        if (!KafkaVersion.TryParse(r.Version, out var version))
        {
            throw new InvalidDataException($"version catalog: releases[{index}].version '{r.Version}' is not a version");
        }

        if (!KafkaVersion.TryParse(r.MinClientVersion, out var minClient))
        {
            throw new InvalidDataException($"version catalog: releases[{index}].minClientVersion '{r.MinClientVersion}' is not a version");
        }

        return new KafkaRelease(
            version, r.Released ?? string.Empty, r.ZooKeeper, r.KRaft, r.ZkMigration, r.DynamicQuorum, r.KraftVersionUpgrade,
            r.LatestProductionMetadataLevel, r.MinSupportedMetadataLevel, r.LatestInterBrokerProtocol,
            r.MinJavaBroker, r.MinJavaClient, minClient, r.Notes ?? []);
    }

    private static void Validate(List<KafkaRelease> releases, List<MetadataVersionInfo> metadata)
    {
        if (releases.Count == 0)
        {
            throw new InvalidDataException("version catalog: no releases");
        }

        var duplicateRelease = releases.GroupBy(r => r.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicateRelease is not null)
        {
            throw new InvalidDataException($"version catalog: release {duplicateRelease.Key} is listed twice");
        }

        var duplicateLevel = metadata.GroupBy(m => m.Level).FirstOrDefault(g => g.Count() > 1);
        if (duplicateLevel is not null)
        {
            throw new InvalidDataException($"version catalog: metadata level {duplicateLevel.Key} is listed twice");
        }

        var levels = metadata.Select(m => m.Level).ToHashSet();
        foreach (var r in releases)
        {
            foreach (var level in new[] { r.LatestProductionMetadataLevel, r.MinSupportedMetadataLevel })
            {
                if (level is { } l && !levels.Contains(l))
                {
                    throw new InvalidDataException($"version catalog: release {r.Version} refers to unknown metadata level {l}");
                }
            }
        }
    }

    private static VersionCatalog LoadEmbedded()
    {
        using var stream = typeof(VersionCatalog).Assembly.GetManifestResourceStream("KafkaUpgrade.Core.Versions.kafka-releases.json")
            ?? throw new InvalidOperationException("kafka-releases.json is not embedded in KafkaUpgrade.Core");
        using var reader = new StreamReader(stream);
        return Load(reader.ReadToEnd());
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = { new JsonStringEnumConverter() },
    };

    private sealed record CatalogDto(List<MetadataDto>? MetadataVersions, List<ReleaseDto>? Releases);

    private sealed record MetadataDto(int Level, string Name, bool MetadataChanged, string? Description);

    private sealed record ReleaseDto(
        string Version,
        string? Released,
        ZooKeeperSupport ZooKeeper,
        KRaftReadiness KRaft,
        MigrationSupport ZkMigration,
        bool DynamicQuorum,
        bool KraftVersionUpgrade,
        int? LatestProductionMetadataLevel,
        int? MinSupportedMetadataLevel,
        string? LatestInterBrokerProtocol,
        int MinJavaBroker,
        int MinJavaClient,
        string MinClientVersion,
        List<string>? Notes);
}
