using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Kafka.Protocol;

namespace KafkaUpgrade.Kafka.Versions;

/// <summary>Which listener answered ApiVersions: the APIs a node serves depend on it.</summary>
public enum ListenerRole
{
    /// <summary>A broker's listener (ZooKeeper mode or KRaft).</summary>
    Broker,

    /// <summary>A KRaft controller's listener.</summary>
    Controller,
}

/// <summary>
/// Infers the Kafka release a node runs from the API version ranges it advertises (ApiVersions), to cross-check
/// what the provisioner says it deployed: a node that answers like another release (a binary swap that did not
/// happen, a wrong package) fails the health gate with a reason instead of being upgraded on a false premise.
/// The markers are API versions first served by a release, from Kafka's message schemas
/// (<c>clients/src/main/resources/common/message/*Request.json</c>, <c>validVersions</c> at each release tag) as
/// tabulated by the wire front and twmb/franz-go <c>pkg/kversion</c>: each holds exactly from its release on.
/// Releases outside 3.6 to 4.3 are not judged.
/// </summary>
public static class AdvertisedRelease
{
    private static readonly (int Major, int Minor)[] Known = [(3, 6), (3, 7), (3, 8), (3, 9), (4, 0), (4, 1), (4, 2), (4, 3)];

    // (first release, API key, API name, lowest max version that release advertises, listeners it holds on; or,
    // with MinVersion, the lowest min version: KIP-896 removed old request versions in 4.0).
    private static readonly Marker[] Markers =
    [
        new((4, 0), 2, "ListOffsets", 0, Both: false, MinVersion: 1),
        new((4, 0), 9, "OffsetFetch", 0, Both: false, MinVersion: 1),
        new((4, 0), 35, "DescribeLogDirs", 0, Both: false, MinVersion: 1),
        new((4, 0), 32, "DescribeConfigs", 0, Both: true, MinVersion: 1),   // controllers serve it from 3.7 (KIP-919)
        new((3, 7), 60, "DescribeCluster", 1, Both: true),            // v1 EndpointType (KIP-919); controllers serve it from 3.7
        new((3, 8), 16, "ListGroups", 5, Both: false),                // v5 type filter (KIP-848)
        new((3, 9), 80, "AddRaftVoter", 0, Both: true, ZkBroker: false), // KIP-853; listeners "controller", "broker": no ZooKeeper-mode broker serves it
        new((3, 9), 10, "FindCoordinator", 6, Both: false),           // v6 share groups key type
        new((4, 0), 60, "DescribeCluster", 2, Both: true),            // v2 IsFenced
        new((4, 0), 3, "Metadata", 13, Both: false),                  // v13 top-level error code
        new((4, 1), 45, "AlterPartitionReassignments", 1, Both: true), // v1 AllowReplicationFactorChange (KIP-860)
        new((4, 2), 80, "AddRaftVoter", 1, Both: true, ZkBroker: false),
    ];

    /// <summary>
    /// Null when a node advertising <paramref name="maxVersions"/> (API key to its version range) on a
    /// <paramref name="role"/> listener can be running <paramref name="claimed"/>; otherwise why not.
    /// </summary>
    public static string? Mismatch(KafkaVersion claimed, IReadOnlyDictionary<short, (short Min, short Max)> maxVersions, ListenerRole role)
    {
        ArgumentNullException.ThrowIfNull(maxVersions);
        var release = (claimed.Major, claimed.Minor);
        if (!Known.Contains(release))
        {
            return null;
        }

        var zooKeeper = IsZooKeeperBroker(maxVersions, role);
        var candidates = Candidates(maxVersions, role);
        if (candidates.Contains(release))
        {
            return null;
        }

        var evidence = Applicable(role, zooKeeper)
            .Where(m => Holds(m, maxVersions) != (Compare(release, m.Release) >= 0))
            .Select(m => Describe(m, Holds(m, maxVersions)))
            .Distinct()
            .ToList();
        if (zooKeeper && Compare(release, (4, 0)) >= 0)
        {
            evidence.Insert(0, "it serves no DescribeQuorum, so it runs in ZooKeeper mode, which Kafka 4.0 removed");
        }

        var looksLike = candidates.Count == 0 ? "no release from 3.6 to 4.3" : string.Join(" or ", candidates.Select(c => $"{c.Major}.{c.Minor}"));
        return $"deployed as Kafka {claimed} but its API versions are those of Kafka {looksLike}: {string.Join("; ", evidence)}";
    }

    /// <summary>
    /// The oldest release from 3.6 to 4.3 consistent with what the node advertises, as <c>X.Y.0</c> (ApiVersions does
    /// not tell the patch release, and releases whose markers are beyond our codec look alike), or null when none is.
    /// </summary>
    public static KafkaVersion? Infer(IReadOnlyDictionary<short, (short Min, short Max)> maxVersions, ListenerRole role)
    {
        ArgumentNullException.ThrowIfNull(maxVersions);
        var candidates = Candidates(maxVersions, role);
        return candidates.Count == 0 ? null : KafkaVersion.Parse($"{candidates[0].Major}.{candidates[0].Minor}.0");
    }

    // A broker listener without DescribeQuorum (its schema's listeners are "broker" and "controller") is a ZooKeeper-mode
    // broker: it serves only the "zkBroker" APIs, and runs 3.9 at the newest.
    private static bool IsZooKeeperBroker(IReadOnlyDictionary<short, (short Min, short Max)> maxVersions, ListenerRole role) =>
        role == ListenerRole.Broker && !maxVersions.ContainsKey((short)ApiKey.DescribeQuorum);

    private static List<(int Major, int Minor)> Candidates(IReadOnlyDictionary<short, (short Min, short Max)> maxVersions, ListenerRole role)
    {
        var zooKeeper = IsZooKeeperBroker(maxVersions, role);
        return [.. Known.Where(r => (!zooKeeper || Compare(r, (4, 0)) < 0) && Applicable(role, zooKeeper).All(m => Holds(m, maxVersions) == (Compare(r, m.Release) >= 0)))];
    }

    // A marker beyond what our own codec speaks is not judged: a node can only be asked for versions both sides know,
    // and a front built on our codec (the wire-served simulator) advertises no more.
    private static IEnumerable<Marker> Applicable(ListenerRole role, bool zooKeeperBroker) =>
        Markers.Where(m => (m.Both || role == ListenerRole.Broker) && (m.ZkBroker || !zooKeeperBroker) && KafkaApis.TryGet(m.ApiKey, out var api) && api.ValidVersions.Max >= m.MaxVersion);

    private static bool Holds(Marker marker, IReadOnlyDictionary<short, (short Min, short Max)> versions) =>
        versions.TryGetValue(marker.ApiKey, out var range) && range.Max >= marker.MaxVersion && range.Min >= marker.MinVersion;

    private static string Describe(Marker m, bool holds) => (m.MinVersion > 0, holds) switch
    {
        (true, true) => $"it no longer serves {m.Name} v0 (removed in Kafka {m.Release.Major}.{m.Release.Minor}, KIP-896)",
        (true, false) => $"it still serves {m.Name} v0 (removed in Kafka {m.Release.Major}.{m.Release.Minor}, KIP-896)",
        (false, true) => $"it serves {m.Name} v{m.MaxVersion} (Kafka {m.Release.Major}.{m.Release.Minor}+)",
        _ => $"it lacks {m.Name} v{m.MaxVersion} (every Kafka {m.Release.Major}.{m.Release.Minor}+ has it)",
    };

    private static int Compare((int Major, int Minor) a, (int Major, int Minor) b) => a.Major != b.Major ? a.Major.CompareTo(b.Major) : a.Minor.CompareTo(b.Minor);

    // ZkBroker: whether a ZooKeeper-mode broker serves the API (the schemas' "zkBroker" listener).
    private sealed record Marker((int Major, int Minor) Release, short ApiKey, string Name, short MaxVersion, bool Both, short MinVersion = 0, bool ZkBroker = true);
}
