namespace KafkaUpgrade.Core.Planning.Reassignment;

/// <summary>
/// One batch of a node replacement: the retiring nodes it drains and the moves that drain them. Once every move
/// of the batch completed, its retiring nodes hold nothing and may be removed.
/// </summary>
/// <param name="Index">0-based position in the plan.</param>
/// <param name="RetiringNodes">Old nodes emptied by this batch (at most the plan's batch size).</param>
/// <param name="Moves">Partition moves of this batch; a partition moves in the first batch that drains one of its replicas.</param>
public sealed record ReassignmentBatch(int Index, IReadOnlyList<int> RetiringNodes, IReadOnlyList<PartitionMove> Moves)
{
    /// <summary>Bytes this batch copies.</summary>
    public long BytesToMove => Moves.Sum(m => m.BytesToMove);
}
