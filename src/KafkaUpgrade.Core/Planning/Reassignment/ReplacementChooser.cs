using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Planning.Reassignment;

/// <summary>
/// Picks the new node that takes one replica slot: not already a replica of the partition, on a rack the partition
/// does not use while such a node exists, then the least loaded (preferred leaders, then replicas), then lowest id.
/// </summary>
internal sealed class ReplacementChooser
{
    private readonly IReadOnlyList<ClusterNode> _targets;
    private readonly Dictionary<int, string?> _rackOf;
    private readonly Dictionary<int, int> _replicas = [];
    private readonly Dictionary<int, int> _leaders = [];

    public ReplacementChooser(IReadOnlyList<ClusterNode> targets, IEnumerable<ClusterNode> existing)
    {
        _targets = targets;
        _rackOf = existing.Concat(targets).GroupBy(n => n.Id).ToDictionary(g => g.Key, g => g.First().Rack);
        foreach (var target in targets)
        {
            _replicas[target.Id] = 0;
            _leaders[target.Id] = 0;
        }
    }

    public int Choose(int[] replicas, int slot, bool isLeader, HashSet<int> retiring, TopicPartition partition)
    {
        // Racks used by the replicas that stay (or were already replaced), not by the one being replaced.
        var usedRacks = new HashSet<string?>();
        for (var i = 0; i < replicas.Length; i++)
        {
            if (i != slot && !retiring.Contains(replicas[i]))
            {
                usedRacks.Add(_rackOf.GetValueOrDefault(replicas[i]));
            }
        }

        ClusterNode? best = null;
        var bestOnNewRack = false;
        foreach (var candidate in _targets)
        {
            if (Array.IndexOf(replicas, candidate.Id) >= 0)
            {
                continue;
            }

            var onNewRack = !usedRacks.Contains(candidate.Rack);
            if (best is null || (onNewRack && !bestOnNewRack) || (onNewRack == bestOnNewRack && IsLessLoaded(candidate.Id, best.Id, isLeader)))
            {
                best = candidate;
                bestOnNewRack = onNewRack;
            }
        }

        if (best is null)
        {
            throw new PlanningException($"No new node can take a replica of {partition}: every new node already holds one.");
        }

        _replicas[best.Id]++;
        if (isLeader)
        {
            _leaders[best.Id]++;
        }

        return best.Id;
    }

    private bool IsLessLoaded(int candidate, int best, bool isLeader)
    {
        if (isLeader && _leaders[candidate] != _leaders[best])
        {
            return _leaders[candidate] < _leaders[best];
        }

        return _replicas[candidate] != _replicas[best] ? _replicas[candidate] < _replicas[best] : candidate < best;
    }
}
