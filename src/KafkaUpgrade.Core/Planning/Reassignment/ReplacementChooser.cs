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
    /// <remarks>
    /// Tallied first and put in load order once, not moved in the sorted sets per replica: late in a large
    /// replacement the new nodes already hold hundreds of thousands of replicas, and four tree operations each
    /// were most of the planning. The order is the same; it depends only on the final counts.
    /// </remarks>
    public void CountExisting(ClusterState state)
    {
        var topics = state.Topics;
        for (var t = 0; t < topics.Count; t++)
        {
            var partitions = topics[t].Partitions;
            for (var p = 0; p < partitions.Count; p++)
            {
                var replicas = partitions[p].Replicas;
                for (var i = 0; i < replicas.Count; i++)
                {
                    var id = replicas[i];
                    if (_replicas.TryGetValue(id, out var count))
                    {
                        _replicas[id] = count + 1;
                        if (i == 0)
                        {
                            _leaders[id]++;
                        }
                    }
                }
            }
        }

        foreach (var rack in _byLeaderLoad.Keys.ToList())
        {
            _byLeaderLoad[rack] = new SortedSet<(int Leaders, int Replicas, int Id)>(_byLeaderLoad[rack].Select(n => (_leaders[n.Id], _replicas[n.Id], n.Id)));
            _byReplicaLoad[rack] = new SortedSet<(int Replicas, int Id)>(_byReplicaLoad[rack].Select(n => (_replicas[n.Id], n.Id)));
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

        var best = BestIn(usedRacks, replicas, isLeader) ?? BestIn(null, replicas, isLeader)
            ?? throw new PlanningException($"No new node can take a replica of {partition}: every new node already holds one.");
        Load(best, isLeader);
        return best;
    }

    /// <summary>The least loaded new node, on a rack not in <paramref name="skipRacks"/> (null: any rack), that holds no replica of the partition.</summary>
    /// <remarks>Plain loops that stop at each rack's first fit: this runs once per moved replica (300,000 on a full replacement of a large cluster).</remarks>
    private int? BestIn(HashSet<string>? skipRacks, int[] replicas, bool isLeader)
    {
        (int, int, int)? best = null;
        foreach (var (rack, byLeaders) in _byLeaderLoad)
        {
            if (skipRacks is not null && skipRacks.Contains(rack))
            {
                continue;
            }

            (int, int, int)? candidate = null;
            if (isLeader)
            {
                foreach (var n in byLeaders)
                {
                    if (Array.IndexOf(replicas, n.Id) < 0)
                    {
                        candidate = n;
                        break;
                    }
                }
            }
            else
            {
                foreach (var n in _byReplicaLoad[rack])
                {
                    if (Array.IndexOf(replicas, n.Id) < 0)
                    {
                        candidate = (n.Replicas, n.Id, n.Id);
                        break;
                    }
                }
            }

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
