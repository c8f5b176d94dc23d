using KafkaUpgrade.EmbeddedTemporal.Engine;

namespace KafkaUpgrade.EmbeddedTemporal.Persistence;

/// <summary>No persistence: the state lives only in memory.</summary>
internal sealed class InMemoryRunStore : IRunStore
{
    public void Save(IReadOnlyCollection<WorkflowRun> runs, NamespaceRegistry namespaces)
    {
    }

    public void Delete(string runId)
    {
    }

    public void Dispose()
    {
    }
}
