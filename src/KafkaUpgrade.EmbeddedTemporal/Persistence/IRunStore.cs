using KafkaUpgrade.EmbeddedTemporal.Engine;

namespace KafkaUpgrade.EmbeddedTemporal.Persistence;

/// <summary>Where runs are kept beyond memory.</summary>
internal interface IRunStore : IDisposable
{
    /// <summary>Persists the given runs' current state and the namespaces (called under the state lock).</summary>
    void Save(IReadOnlyCollection<WorkflowRun> runs, NamespaceRegistry namespaces);

    /// <summary>Forgets a run and its history (DeleteWorkflowExecution).</summary>
    void Delete(string runId);
}
