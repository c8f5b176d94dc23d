using KafkaUpgrade.EmbeddedTemporal.Engine;

namespace KafkaUpgrade.EmbeddedTemporal.Persistence;

/// <summary>Placeholder until SQLite persistence lands: behaves like memory.</summary>
internal sealed class SqliteRunStore : IRunStore
{
    public static SqliteRunStore Open(string path) => new();

    public static void LoadInto(ServerState state)
    {
    }

    public void Save(IReadOnlyCollection<WorkflowRun> runs)
    {
    }

    public void Dispose()
    {
    }
}
