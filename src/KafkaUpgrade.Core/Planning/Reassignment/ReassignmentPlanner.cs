using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Validation;

namespace KafkaUpgrade.Core.Planning.Reassignment;

/// <summary>
/// Plans a node replacement: which new node takes over each replica of each retiring node.
/// </summary>
/// <remarks>
/// Guarantees, for the same input always the same plan:
/// <list type="bullet">
/// <item>only replicas on retiring nodes move, so the bytes moved are exactly the bytes on the retiring nodes;</item>
/// <item>a replacement takes the retired replica's position, so a preferred leader that stays keeps position 0 and
/// a retiring preferred leader's replacement becomes the preferred leader;</item>
/// <item>no partition gets two replicas on one node, and no two on one rack while the new nodes offer a rack the
/// partition does not use;</item>
/// <item>among the nodes those rules allow, the least loaded is chosen, first for preferred leaders, then for
/// followers, so replicas and preferred leaders land within 1 of each other per new node whenever the rack rule
/// leaves a choice. When racks force it (e.g. 3 racks, RF 3 and more retiring replicas on one rack than on
/// another), rack spread wins over balance: balance then holds among the new nodes of each rack.</item>
/// </list>
/// </remarks>
public static class ReassignmentPlanner
{
    /// <summary>Aiven's procedure replaces up to 6 nodes at a time.</summary>
    public const int DefaultBatchSize = 6;

    /// <summary>Plans moving every replica off <paramref name="retiring"/> onto <paramref name="newNodes"/>.</summary>
    /// <exception cref="PlanningException">Unknown or reused ids, a batch size below 1, or too few brokers left for a topic.</exception>
    public static ReassignmentPlan Plan(ClusterState state, IReadOnlyCollection<int> retiring, IReadOnlyList<ClusterNode> newNodes, int batchSize = DefaultBatchSize) =>
        Plan(state, retiring, newNodes, batchSize, newNodesJoined: false);

    /// <summary>
    /// Plans with <paramref name="newNodesJoined"/>: the new nodes already run in the cluster (a replacement that
    /// drains its old nodes batch by batch), and the replicas they already hold count towards balance.
    /// </summary>
    public static ReassignmentPlan Plan(ClusterState state, IReadOnlyCollection<int> retiring, IReadOnlyList<ClusterNode> newNodes, int batchSize, bool newNodesJoined)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(retiring);
        ArgumentNullException.ThrowIfNull(newNodes);
        Validate(state, retiring, newNodes, batchSize, newNodesJoined);

        var retiringSet = retiring.ToHashSet();
        var targets = newNodes.Where(n => n.IsBroker).OrderBy(n => n.Id).ToList();
        var chooser = new ReplacementChooser(targets, state.Nodes);
        if (newNodesJoined)
        {
            chooser.CountExisting(state);
        }

        var pending = state.Topics
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .SelectMany(t => t.Partitions.OrderBy(p => p.Partition).Select(p => (Topic: t.Name, Partition: p)))
            .Where(x => x.Partition.Replicas.Any(retiringSet.Contains))
            .Select(x => new PendingMove(new TopicPartition(x.Topic, x.Partition.Partition), x.Partition, [.. x.Partition.Replicas]))
            .ToList();

        // Preferred leaders first so their balance is not dictated by followers placed earlier.
        foreach (var move in pending)
        {
            if (retiringSet.Contains(move.Target[0]))
            {
                move.Target[0] = chooser.Choose(move.Target, 0, isLeader: true, retiringSet, move.Id);
            }
        }

        foreach (var move in pending)
        {
            for (var slot = 1; slot < move.Target.Length; slot++)
            {
                if (retiringSet.Contains(move.Target[slot]))
                {
                    move.Target[slot] = chooser.Choose(move.Target, slot, isLeader: false, retiringSet, move.Id);
                }
            }
        }

        var replaced = pending
            .SelectMany(m => Enumerable.Range(0, m.Target.Length).Where(i => retiringSet.Contains(m.Partition.Replicas[i])).Select(i => (m.Target, i)))
            .ToList();
        var rackOf = state.Nodes.Concat(targets).GroupBy(n => n.Id).ToDictionary(g => g.Key, g => g.First().Rack);
        new BalanceRefiner(targets.Select(n => n.Id).ToList(), rackOf, replaced).Refine();

        return Batch(retiring.Distinct().Order().ToList(), targets.Select(n => n.Id).ToList(), batchSize, pending, retiringSet);
    }

    private static ReassignmentPlan Batch(List<int> retiringOrder, List<int> newIds, int batchSize, List<PendingMove> pending, HashSet<int> retiringSet)
    {
        var batchOf = new Dictionary<int, int>();
        for (var i = 0; i < retiringOrder.Count; i++)
        {
            batchOf[retiringOrder[i]] = i / batchSize;
        }

        var batchCount = (retiringOrder.Count + batchSize - 1) / batchSize;
        var moves = Enumerable.Range(0, batchCount).Select(_ => new List<PartitionMove>()).ToList();
        foreach (var move in pending)
        {
            var current = move.Partition.Replicas;
            var changed = current.Count(retiringSet.Contains);
            var first = current.Where(retiringSet.Contains).Min(id => batchOf[id]);
            moves[first].Add(new PartitionMove(move.Id, current, move.Target, move.Partition.SizeBytes * changed));
        }

        var batches = Enumerable.Range(0, batchCount)
            .Select(b => new ReassignmentBatch(b, retiringOrder.Skip(b * batchSize).Take(batchSize).ToList(), moves[b]))
            .ToList();
        return new ReassignmentPlan(retiringOrder, newIds, batchSize, batches);
    }

    private static void Validate(ClusterState state, IReadOnlyCollection<int> retiring, IReadOnlyList<ClusterNode> newNodes, int batchSize, bool newNodesJoined)
    {
        if (batchSize < 1)
        {
            throw new PlanningException($"Batch size must be at least 1, was {batchSize}.");
        }

        var both = retiring.Intersect(newNodes.Select(n => n.Id)).ToList();
        if (both.Count > 0)
        {
            throw new PlanningException($"Node {both[0]} is listed both as retiring and as new.");
        }

        var problems = ClusterValidator.ValidateChange(state, retiring, newNodes, newNodesJoined);
        if (problems.Count > 0)
        {
            throw new PlanningException(string.Join("; ", problems));
        }

        if (retiring.Count > 0 && !newNodes.Any(n => n.IsBroker) && state.AllPartitions.Any(p => p.Partition.Replicas.Any(retiring.Contains)))
        {
            throw new PlanningException("The retiring nodes hold replicas but no new broker was given to take them.");
        }
    }

    private sealed record PendingMove(TopicPartition Id, PartitionState Partition, int[] Target);
}
