using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Synthetic;

/// <summary>
/// Kafka-style rack-aware replica placement: brokers listed rack by rack in turn (a1, b1, c1, a2, ...), replicas
/// taken from consecutive positions, skipping brokers on racks the partition already uses while unused racks remain.
/// </summary>
internal sealed class RackAwarePlacement
{
    private readonly ClusterNode[] _alternating;
    private readonly int _rackCount;

    public RackAwarePlacement(IReadOnlyList<ClusterNode> brokers)
    {
        var byRack = brokers.GroupBy(b => b.Rack ?? string.Empty).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.OrderBy(b => b.Id).ToList()).ToList();
        _rackCount = byRack.Count;
        var alternating = new List<ClusterNode>(brokers.Count);
        for (var i = 0; alternating.Count < brokers.Count; i++)
        {
            alternating.AddRange(byRack.Where(rack => i < rack.Count).Select(rack => rack[i]));
        }

        _alternating = [.. alternating];
    }

    public int[] Place(int position, int replicationFactor)
    {
        var n = _alternating.Length;
        var replicas = new int[replicationFactor];
        var racks = new HashSet<string?>();
        var used = new HashSet<int>();
        var start = ((position % n) + n) % n;
        for (var r = 0; r < replicationFactor; r++)
        {
            var needNewRack = racks.Count < _rackCount;
            for (var step = 0; step < n; step++)
            {
                var candidate = _alternating[(start + r + step) % n];
                if (used.Contains(candidate.Id) || (needNewRack && racks.Contains(candidate.Rack)))
                {
                    continue;
                }

                replicas[r] = candidate.Id;
                used.Add(candidate.Id);
                racks.Add(candidate.Rack);
                break;
            }
        }

        return replicas;
    }
}
