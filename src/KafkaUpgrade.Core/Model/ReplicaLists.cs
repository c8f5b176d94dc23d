using System.Runtime.InteropServices;

namespace KafkaUpgrade.Core.Model;

/// <summary>
/// Membership tests over replica lists for the scans that visit every partition of a cluster (100,000 on a large
/// one, several times per broker of a roll): an array or a <see cref="List{T}"/> (what the Kafka adapter, the
/// simulator and the synthetic generator build) is read as a span, with no interface call per element and no hash
/// lookup for the handful of brokers a gate asks about.
/// </summary>
internal static class ReplicaLists
{
    /// <summary>Up to this many brokers are matched by a linear search of a span; more go through the set.</summary>
    private const int LinearSearchUpTo = 8;

    /// <summary>The brokers as an array when there are few enough for a linear search, else null.</summary>
    public static int[]? Few(IReadOnlySet<int> brokers) => brokers.Count <= LinearSearchUpTo ? [.. brokers] : null;

    /// <summary>True when <paramref name="replicas"/> holds any of <paramref name="brokers"/> (<paramref name="few"/>: the same brokers from <see cref="Few"/>).</summary>
    public static bool HostsAny(IReadOnlyList<int> replicas, IReadOnlySet<int> brokers, int[]? few)
    {
        if (few is not null && TryGetSpan(replicas, out var span))
        {
            return span.IndexOfAny(few) >= 0;
        }

        for (var r = 0; r < replicas.Count; r++)
        {
            if (brokers.Contains(replicas[r]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The list's elements as a span when it is an array or a <see cref="List{T}"/>; false for any other list.</summary>
    public static bool TryGetSpan(IReadOnlyList<int> list, out ReadOnlySpan<int> span)
    {
        switch (list)
        {
            case int[] array:
                span = array;
                return true;
            case List<int> items:
                span = CollectionsMarshal.AsSpan(items);
                return true;
            default:
                span = default;
                return false;
        }
    }
}
