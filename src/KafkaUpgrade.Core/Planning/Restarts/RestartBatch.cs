namespace KafkaUpgrade.Core.Planning.Restarts;

/// <summary>Nodes restarted together.</summary>
/// <param name="Index">0-based position in the plan.</param>
/// <param name="Kind">Controllers or brokers.</param>
/// <param name="NodeIds">The nodes, ascending.</param>
/// <param name="Reason">Why these nodes may go together and why here.</param>
public sealed record RestartBatch(int Index, RestartBatchKind Kind, IReadOnlyList<int> NodeIds, string Reason);
