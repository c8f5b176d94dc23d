namespace KafkaUpgrade.Core.Planning.Restarts;

/// <summary>A rolling restart: controllers one at a time (the active one last), then brokers in batches that share no partition.</summary>
/// <param name="MaxBatchSize">Most brokers restarted together.</param>
/// <param name="Batches">Batches in execution order.</param>
/// <param name="Strategy">How the broker batches were found (rack by rack, or graph colouring).</param>
public sealed record RestartPlan(int MaxBatchSize, IReadOnlyList<RestartBatch> Batches, string Strategy)
{
    /// <summary>Every node, in restart order.</summary>
    public IEnumerable<int> NodeOrder => Batches.SelectMany(b => b.NodeIds);
}
