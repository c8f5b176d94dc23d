using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Planning.Reassignment;

/// <summary>
/// Picks the new node that takes one replica slot: not already a replica of the partition, on a rack the partition
/// does not use while such a node exists, then the least loaded (preferred leaders, then replicas), then lowest id.
/// New nodes are kept per rack in load order, so a choice costs O(racks · log nodes), not O(nodes).
/// </summary>
internal sealed class ReplacementChooser
{
    private readonly Dictionary<int, string?> _rackOf;
    private readonly Dictionary<int, int> _replicas = [];
    private readonly Dictionary<int, int> _leaders = [];
    private readonly Dictionary<string, SortedSet<(int Leaders, int Replicas, int Id)>> _byLeaderLoad = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<(int Replicas, int Id)>> _byReplicaLoad = new(StringComparer.Ordinal);

    public ReplacementChooser(IReadOnlyList<ClusterNode> targets, IEnumerable<ClusterNode> existing)
    {
        _rackOf = existing.Concat(targets).GroupBy(n => n.Id).ToDictionary(g => g.Key, g => g.First().Rack);
        foreach (var target in targets)
        {
            _replicas[target.Id] = 0;
            _leaders[target.Id] = 0;
            var rack = Key(target.Rack);
            if (!_byLeaderLoad.TryGetValue(rack, out var leaderSet))
            {
                leaderSet = [];
                _byLeaderLoad[rack] = leaderSet;
                _byReplicaLoad[rack] = [];
            }

            leaderSet.Add((0, 0, target.Id));
            _byReplicaLoad[rack].Add((0, target.Id));
        }
    }

    /// <summary>Starts the load counts from the replicas and preferred leaders the new nodes already hold.</summary>
    public void CountExisting(ClusterState state)
    {
        foreach (var (_, partition) in state.AllPartitions)
        {
            for (var i = 0; i < partition.Replicas.Count; i++)
            {
                if (_replicas.ContainsKey(partition.Replicas[i]))
                {
                    Load(partition.Replicas[i], isLeader: i == 0);
                }
            }
        }
    }

    public int Choose(int[] replicas, int slot, bool isLeader, HashSet<int> retiring, TopicPartition partition)
    {
        // Racks used by the replicas that stay (or were already replaced), not by the one being replaced.
        var usedRacks = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < replicas.Length; i++)
        {
            if (i != slot && !retiring.Contains(replicas[i]))
            {
                usedRacks.Add(Key(_rackOf.GetValueOrDefault(replicas[i])));
            }
        }

        var best = BestIn(_byLeaderLoad.Keys.Where(r => !usedRacks.Contains(r)), replicas, isLeader)
            ?? BestIn(_byLeaderLoad.Keys, replicas, isLeader)
            ?? throw new PlanningException($"No new node can take a replica of {partition}: every new node already holds one.");
        Load(best, isLeader);
        return best;
    }

    private int? BestIn(IEnumerable<string> racks, int[] replicas, bool isLeader)
    {
        (int, int, int)? best = null;
        foreach (var rack in racks)
        {
            (int, int, int)? candidate = isLeader
                ? _byLeaderLoad[rack].Where(n => Array.IndexOf(replicas, n.Id) < 0).Select(n => ((int, int, int)?)n).FirstOrDefault()
                : _byReplicaLoad[rack].Where(n => Array.IndexOf(replicas, n.Id) < 0).Select(n => ((int, int, int)?)(n.Replicas, n.Id, n.Id)).FirstOrDefault();
            if (candidate is { } c && (best is null || c.CompareTo(best.Value) < 0))
            {
                best = c;
            }
        }

        return best?.Item3;
    }

    private void Load(int id, bool isLeader)
    {
        var rack = Key(_rackOf.GetValueOrDefault(id));
        _byLeaderLoad[rack].Remove((_leaders[id], _replicas[id], id));
        _byReplicaLoad[rack].Remove((_replicas[id], id));
        _replicas[id]++;
        if (isLeader)
        {
            _leaders[id]++;
        }

        _byLeaderLoad[rack].Add((_leaders[id], _replicas[id], id));
        _byReplicaLoad[rack].Add((_replicas[id], id));
    }

    private static string Key(string? rack) => rack ?? string.Empty;
}
