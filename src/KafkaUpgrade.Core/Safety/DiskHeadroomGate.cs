using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Safety;

/// <summary>
/// Will every node still have disk headroom once a plan has placed its replicas? Guards a plan change to smaller
/// nodes: a node filled past the limit stops accepting writes long before the move finishes.
/// </summary>
public static class DiskHeadroomGate
{
    /// <summary>Default ceiling: a node may be at most 85% full after the change.</summary>
    public const double DefaultMaxUtilisation = 0.85;

    /// <summary>
    /// Evaluates <paramref name="projectedBytes"/> (node id to bytes of all replicas it will hold) against each
    /// node's <see cref="ClusterNode.DiskCapacityBytes"/>. Nodes without a known capacity cannot be checked and are
    /// named in the notes.
    /// </summary>
    public static GateVerdict Evaluate(IEnumerable<ClusterNode> nodes, IReadOnlyDictionary<int, long> projectedBytes, double maxUtilisation = DefaultMaxUtilisation)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(projectedBytes);
        if (maxUtilisation is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxUtilisation), maxUtilisation, "must be in (0, 1]");
        }

        var over = new List<string>();
        var unknown = new List<string>();
        foreach (var node in nodes.OrderBy(n => n.Id))
        {
            var bytes = projectedBytes.GetValueOrDefault(node.Id);
            if (node.DiskCapacityBytes is not { } capacity)
            {
                if (bytes > 0)
                {
                    unknown.Add($"node {node.Id} has no known disk capacity ({Bytes(bytes)} planned)");
                }

                continue;
            }

            var utilisation = (double)bytes / capacity;
            if (utilisation > maxUtilisation)
            {
                over.Add($"node {node.Id} ({Bytes(bytes)} of {Bytes(capacity)} = {utilisation * 100:0}%)");
            }
        }

        return over.Count > 0
            ? GateVerdict.Refuse($"{over.Count} node(s) would be fuller than {maxUtilisation * 100:0}%", over, unknown)
            : GateVerdict.Allow($"Every node with a known capacity stays at or below {maxUtilisation * 100:0}%", unknown);
    }

    /// <summary>Bytes each node holds in <paramref name="state"/> (one replica's size per replica it hosts).</summary>
    public static IReadOnlyDictionary<int, long> CurrentBytes(ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var bytes = new Dictionary<int, long>();
        foreach (var (_, partition) in state.AllPartitions)
        {
            foreach (var replica in partition.Replicas)
            {
                bytes[replica] = bytes.GetValueOrDefault(replica) + partition.SizeBytes;
            }
        }

        return bytes;
    }

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 40 => $"{bytes / (double)(1L << 40):0.0} TiB",
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        _ => $"{bytes} B",
    };
}
