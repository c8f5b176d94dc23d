using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Simulation.Wire.Versions;

/// <summary>
/// What each Kafka release answers to ApiVersions, for the APIs this front serves, per listener. Sources:
/// <list type="bullet">
/// <item>3.6, 3.7, 3.8: the <c>validVersions</c> and <c>listeners</c> of Kafka's message schemas at tags 3.6.0, 3.7.0
/// and 3.8.0 (<c>clients/src/main/resources/common/message/*Request.json</c>), read directly.</item>
/// <item>3.9, 4.0, 4.1, 4.2: twmb/franz-go <c>pkg/kversion/requests.go</c> (functions <c>z39</c>, <c>b39</c>..<c>b42</c>,
/// <c>c39</c>..<c>c42</c>, which record each release's ApiVersions answer with the Kafka commit of every change),
/// cross-checked with Kafka trunk of 2024-10-25 for 3.9. KIP-896 (4.0) raised minimums: DescribeConfigs,
/// DescribeLogDirs, ListOffsets and OffsetFetch start at 1.</item>
/// <item>4.3: no source for its answer was found; 4.2's ranges are used (UNCONFIRMED, see the README).</item>
/// </list>
/// Notable differences: DescribeTopicPartitions (75) first appears in 3.8.0 and only on KRaft brokers (not in the
/// 3.7.0 schemas); AddRaftVoter/RemoveRaftVoter (80/81) from 3.9; the controller listener serves DescribeCluster and
/// DescribeConfigs from 3.7 (KIP-919); a ZooKeeper-mode broker lists neither DescribeQuorum, UnregisterBroker,
/// DescribeTopicPartitions nor the raft voter APIs.
/// </summary>
public static class ReleaseApiVersions
{
    private const byte Zk = 1;
    private const byte Br = 2;
    private const byte Ct = 4;

    // Releases in column order.
    private static readonly (int Major, int Minor)[] Releases = [(3, 6), (3, 7), (3, 8), (3, 9), (4, 0), (4, 1), (4, 2), (4, 3)];

    // Per API: key, listeners per release (bit set) and (min, max) per release; (-1, -1) = absent in that release.
    private static readonly Row[] Rows =
    [
        new(18, "ApiVersions", All(Zk | Br | Ct), [(0, 3), (0, 3), (0, 3), (0, 4), (0, 4), (0, 4), (0, 4), (0, 4)]),
        new(3, "Metadata", All(Zk | Br), [(0, 12), (0, 12), (0, 12), (0, 12), (0, 13), (0, 13), (0, 13), (0, 13)]),
        new(60, "DescribeCluster", [Zk | Br, Zk | Br | Ct, Zk | Br | Ct, Zk | Br | Ct, Br | Ct, Br | Ct, Br | Ct, Br | Ct], [(0, 0), (0, 1), (0, 1), (0, 1), (0, 2), (0, 2), (0, 2), (0, 2)]),
        new(75, "DescribeTopicPartitions", All(Br), [(-1, -1), (-1, -1), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0)]),
        new(46, "ListPartitionReassignments", All(Zk | Br | Ct), [(0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0)]),
        new(45, "AlterPartitionReassignments", All(Zk | Br | Ct), [(0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 1), (0, 1), (0, 1)]),
        new(43, "ElectLeaders", All(Zk | Br | Ct), [(0, 2), (0, 2), (0, 2), (0, 2), (0, 2), (0, 2), (0, 2), (0, 2)]),
        new(32, "DescribeConfigs", [Zk | Br, Zk | Br | Ct, Zk | Br | Ct, Zk | Br | Ct, Br | Ct, Br | Ct, Br | Ct, Br | Ct], [(0, 4), (0, 4), (0, 4), (0, 4), (1, 4), (1, 4), (1, 4), (1, 4)]),
        new(44, "IncrementalAlterConfigs", All(Zk | Br | Ct), [(0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1)]),
        new(35, "DescribeLogDirs", All(Zk | Br), [(0, 4), (0, 4), (0, 4), (0, 4), (1, 4), (1, 4), (1, 4), (1, 4)]),
        new(55, "DescribeQuorum", All(Br | Ct), [(0, 1), (0, 1), (0, 1), (0, 2), (0, 2), (0, 2), (0, 2), (0, 2)]),
        new(80, "AddRaftVoter", All(Br | Ct), [(-1, -1), (-1, -1), (-1, -1), (0, 0), (0, 0), (0, 0), (0, 1), (0, 1)]),
        new(81, "RemoveRaftVoter", All(Br | Ct), [(-1, -1), (-1, -1), (-1, -1), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0)]),
        new(57, "UpdateFeatures", All(Zk | Br | Ct), [(0, 1), (0, 1), (0, 1), (0, 1), (0, 2), (0, 2), (0, 2), (0, 2)]),
        new(64, "UnregisterBroker", All(Br | Ct), [(0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0)]),
        new(16, "ListGroups", All(Zk | Br), [(0, 4), (0, 4), (0, 5), (0, 5), (0, 5), (0, 5), (0, 5), (0, 5)]),
        new(15, "DescribeGroups", All(Zk | Br), [(0, 5), (0, 5), (0, 5), (0, 5), (0, 6), (0, 6), (0, 6), (0, 6)]),
        new(9, "OffsetFetch", All(Zk | Br), [(0, 8), (0, 9), (0, 9), (0, 9), (1, 9), (1, 9), (1, 10), (1, 10)]),
        new(2, "ListOffsets", All(Zk | Br), [(0, 8), (0, 8), (0, 8), (0, 9), (1, 10), (1, 10), (1, 11), (1, 11)]),
        new(10, "FindCoordinator", All(Zk | Br), [(0, 4), (0, 4), (0, 5), (0, 6), (0, 6), (0, 6), (0, 6), (0, 6)]),
        new(17, "SaslHandshake", All(Zk | Br | Ct), [(0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1)]),
        new(36, "SaslAuthenticate", All(Zk | Br | Ct), [(0, 2), (0, 2), (0, 2), (0, 2), (0, 2), (0, 2), (0, 2), (0, 2)]),
    ];

    /// <summary>The releases the table covers, oldest first (e.g. "3.6").</summary>
    public static IReadOnlyList<string> KnownReleases { get; } = [.. Releases.Select(r => $"{r.Major}.{r.Minor}")];

    /// <summary>The API name Kafka uses for <paramref name="apiKey"/>, or null when this front does not serve it.</summary>
    public static string? ApiName(short apiKey) => Array.Find(Rows, r => r.Key == apiKey)?.Name;

    /// <summary>
    /// The ApiVersions entries of a node running <paramref name="version"/> on a <paramref name="listener"/> port,
    /// ordered by API key. Releases older than 3.6 answer as 3.6, newer than 4.3 as 4.3 (the closest known table).
    /// </summary>
    public static IReadOnlyList<ApiRange> For(KafkaVersion version, ListenerKind listener)
    {
        var column = Column(version);
        var bit = listener switch
        {
            ListenerKind.ZkBroker => Zk,
            ListenerKind.Broker => Br,
            _ => Ct,
        };
        var ranges = new List<ApiRange>();
        foreach (var row in Rows.OrderBy(r => r.Key))
        {
            var (min, max) = row.Versions[column];
            if (min >= 0 && (row.Listeners[column] & bit) != 0)
            {
                ranges.Add(new ApiRange(row.Key, min, max));
            }
        }

        return ranges;
    }

    private static int Column(KafkaVersion version)
    {
        for (var i = Releases.Length - 1; i >= 0; i--)
        {
            var (major, minor) = Releases[i];
            if (version.Major > major || (version.Major == major && version.Minor >= minor))
            {
                return i;
            }
        }

        return 0;
    }

    private static byte[] All(int listeners) => [.. Enumerable.Repeat((byte)listeners, Releases.Length)];

    private sealed record Row(short Key, string Name, byte[] Listeners, (short Min, short Max)[] Versions);
}
