namespace KafkaUpgrade.Core.Planning.Restarts;

/// <summary>
/// Splits brokers into groups that share no partition. Rack by rack when that works (rack-spread replicas make
/// every rack such a group, and a rack-by-rack roll is what operators expect); otherwise DSatur graph colouring.
/// </summary>
internal static class BrokerColouring
{
    public static (IReadOnlyList<IReadOnlyList<int>> Groups, string Strategy) Colour(PartitionSharingGraph graph, IReadOnlyDictionary<int, string?> rackOf)
    {
        var byRack = graph.Brokers
            .GroupBy(b => rackOf.GetValueOrDefault(b) ?? string.Empty)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<int>)g.Order().ToList())
            .ToList();
        if (byRack.Count > 1 && byRack.All(group => IsIndependent(graph, group)))
        {
            return (byRack, "rack by rack: every partition's replicas are on distinct racks");
        }

        return (DSatur(graph), "graph colouring (DSatur): replicas are not rack-spread, so brokers sharing no partition were grouped");
    }

    private static bool IsIndependent(PartitionSharingGraph graph, IReadOnlyList<int> group)
    {
        for (var a = 0; a < group.Count; a++)
        {
            for (var b = a + 1; b < group.Count; b++)
            {
                if (graph.Adjacent(group[a], group[b]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Brélaz's DSatur: colour the broker with the most differently coloured neighbours next, ties by degree then id.</summary>
    private static List<IReadOnlyList<int>> DSatur(PartitionSharingGraph graph)
    {
        var colour = graph.Brokers.ToDictionary(b => b, _ => -1);
        var neighbourColours = graph.Brokers.ToDictionary(b => b, _ => new HashSet<int>());
        var degree = graph.Brokers.ToDictionary(b => b, graph.Degree);
        for (var done = 0; done < graph.Brokers.Count; done++)
        {
            var next = graph.Brokers
                .Where(b => colour[b] < 0)
                .OrderByDescending(b => neighbourColours[b].Count)
                .ThenByDescending(b => degree[b])
                .ThenBy(b => b)
                .First();
            var c = 0;
            while (neighbourColours[next].Contains(c))
            {
                c++;
            }

            colour[next] = c;
            foreach (var other in graph.Brokers.Where(o => o != next && graph.Adjacent(next, o)))
            {
                neighbourColours[other].Add(c);
            }
        }

        return colour.GroupBy(kv => kv.Value)
            .OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<int>)g.Select(kv => kv.Key).Order().ToList())
            .ToList();
    }
}
