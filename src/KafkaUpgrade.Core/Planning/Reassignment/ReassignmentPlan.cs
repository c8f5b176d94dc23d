namespace KafkaUpgrade.Core.Planning.Reassignment;

/// <summary>
/// The node-replacement plan: every partition move, grouped in batches of at most <see cref="BatchSize"/>
/// retiring nodes. All new nodes are started before the first batch (as in Aiven's procedure), so replicas and
/// preferred leaders can be balanced over all of them.
/// </summary>
/// <param name="RetiringNodes">Old nodes, in the order they are drained.</param>
/// <param name="NewNodes">New nodes receiving the replicas.</param>
/// <param name="BatchSize">Most retiring nodes per batch.</param>
/// <param name="Batches">Batches in execution order.</param>
public sealed record ReassignmentPlan(IReadOnlyList<int> RetiringNodes, IReadOnlyList<int> NewNodes, int BatchSize, IReadOnlyList<ReassignmentBatch> Batches)
{
    /// <summary>Every move of every batch.</summary>
    public IEnumerable<PartitionMove> Moves => Batches.SelectMany(b => b.Moves);

    /// <summary>Total bytes copied: exactly the bytes on the retiring nodes.</summary>
    public long TotalBytesToMove => Batches.Sum(b => b.BytesToMove);

    /// <summary>Number of partitions that move.</summary>
    public int PartitionCount => Batches.Sum(b => b.Moves.Count);
}
