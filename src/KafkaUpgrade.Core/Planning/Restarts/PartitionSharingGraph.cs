using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Planning.Restarts;

/// <summary>
/// The "shares a partition" relation between brokers: two brokers are adjacent when some partition has a replica
/// on both, so stopping both at once costs that partition two replicas.
/// </summary>
internal sealed class PartitionSharingGraph
{
    private readonly Dictionary<int, int> _index;
    private readonly bool[,] _adjacent;

    // Broker id -> index + 1 (0: not a broker of the graph), for the per-replica lookup of the partition walk: an
    // array read instead of a hash lookup for each of the cluster's replicas. Ids beyond the bound use _index.
    private readonly int[] _slotOf;
    private const int MaxDenseId = 1 << 16;

    public PartitionSharingGraph(IReadOnlyList<int> brokers, ClusterState state)
    {
        Brokers = brokers;
        _index = brokers.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        _adjacent = new bool[brokers.Count, brokers.Count];
        _slotOf = new int[Math.Min(MaxDenseId, brokers.Count == 0 ? 0 : Math.Max(0, brokers.Max()) + 1)];
        foreach (var (id, i) in _index)
        {
            if (id >= 0 && id < _slotOf.Length)
            {
                _slotOf[id] = i + 1;
            }
        }

        var members = new List<int>(8);

        // Indexed loops: no tuple or enumerator per partition (this visits every partition of the cluster).
        foreach (var topic in state.Topics)
        {
            var partitions = topic.Partitions;
            for (var p = 0; p < partitions.Count; p++)
            {
                AddEdges(partitions[p].Replicas, members);
            }
        }
    }

    public IReadOnlyList<int> Brokers { get; }

    public bool Adjacent(int brokerA, int brokerB) => _adjacent[_index[brokerA], _index[brokerB]];

    public int Degree(int broker)
    {
        var i = _index[broker];
        var degree = 0;
        for (var j = 0; j < Brokers.Count; j++)
        {
            if (_adjacent[i, j])
            {
                degree++;
            }
        }

        return degree;
    }

    private void AddEdges(IReadOnlyList<int> replicas, List<int> members)
    {
        members.Clear();
        if (ReplicaLists.TryGetSpan(replicas, out var span))
        {
            foreach (var id in span)
            {
                Collect(id, members);
            }
        }
        else
        {
            for (var r = 0; r < replicas.Count; r++)
            {
                Collect(replicas[r], members);
            }
        }

        for (var a = 0; a < members.Count; a++)
        {
            for (var b = a + 1; b < members.Count; b++)
            {
                _adjacent[members[a], members[b]] = true;
                _adjacent[members[b], members[a]] = true;
            }
        }
    }

    private void Collect(int id, List<int> members)
    {
        if ((uint)id < (uint)_slotOf.Length)
        {
            if (_slotOf[id] > 0)
            {
                members.Add(_slotOf[id] - 1);
            }
        }
        else if (_index.TryGetValue(id, out var i))
        {
            members.Add(i);
        }
    }
}
