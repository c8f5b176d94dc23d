using System.Text.Json;
using Google.Protobuf;
using KafkaUpgrade.EmbeddedTemporal.Engine;
using Microsoft.Data.Sqlite;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Persistence;

/// <summary>
/// Persists runs to a SQLite file: history events are appended, the run's mutable state is rewritten as a snapshot,
/// both in one transaction per operation, so a killed server restarts where it was.
/// </summary>
internal sealed class SqliteRunStore : IRunStore
{
    private readonly SqliteConnection connection;
    private readonly Dictionary<string, int> persistedEvents = new(StringComparer.Ordinal);
    private string lastNamespaces = "";

    private SqliteRunStore(SqliteConnection connection) => this.connection = connection;

    public static SqliteRunStore Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, snapshot TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS events (run_id TEXT NOT NULL, event_id INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (run_id, event_id));
            CREATE TABLE IF NOT EXISTS namespaces (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL);
            """);
        return new SqliteRunStore(connection);
    }

    /// <summary>Loads namespaces and every run into a fresh state.</summary>
    public void LoadInto(ServerState state)
    {
        using (var ns = connection.CreateCommand())
        {
            ns.CommandText = "SELECT data FROM namespaces WHERE id = 1";
            if (ns.ExecuteScalar() is string json)
            {
                foreach (var entry in JsonSerializer.Deserialize<List<NamespaceSnapshot>>(json) ?? [])
                {
                    var registered = state.Namespaces.Exists(entry.Name) ? state.Namespaces.Require(entry.Name) : state.Namespaces.Register(entry.Name, entry.Description);
                    foreach (var (name, type) in entry.SearchAttributes)
                    {
                        registered.SearchAttributes[name] = (IndexedValueType)type;
                    }
                }

                lastNamespaces = json;
            }
        }

        var events = new Dictionary<string, List<HistoryEvent>>(StringComparer.Ordinal);
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT run_id, data FROM events ORDER BY run_id, event_id";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                var runId = reader.GetString(0);
                if (!events.TryGetValue(runId, out var list))
                {
                    list = [];
                    events[runId] = list;
                }

                list.Add(HistoryEvent.Parser.ParseFrom((byte[])reader[1]));
            }
        }

        using var runs = connection.CreateCommand();
        runs.CommandText = "SELECT run_id, snapshot FROM runs";
        using var rows = runs.ExecuteReader();
        var loaded = new List<WorkflowRun>();
        while (rows.Read())
        {
            var snapshot = JsonSerializer.Deserialize<RunSnapshot>(rows.GetString(1))!;
            var history = events.GetValueOrDefault(snapshot.RunId) ?? [];
            persistedEvents[snapshot.RunId] = history.Count;
            loaded.Add(RunSnapshotMapper.FromSnapshot(snapshot, history));
        }

        // Oldest first, so the latest run of each workflow id wins.
        foreach (var run in loaded.OrderBy(r => r.StartTime))
        {
            state.Add(run);
        }
    }

    public void Save(IReadOnlyCollection<WorkflowRun> runs, NamespaceRegistry namespaces)
    {
        using var transaction = connection.BeginTransaction();
        foreach (var run in runs)
        {
            var done = persistedEvents.GetValueOrDefault(run.RunId);
            for (var i = done; i < run.History.Count; i++)
            {
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT OR REPLACE INTO events (run_id, event_id, data) VALUES ($run, $id, $data)";
                insert.Parameters.AddWithValue("$run", run.RunId);
                insert.Parameters.AddWithValue("$id", run.History[i].EventId);
                insert.Parameters.AddWithValue("$data", run.History[i].ToByteArray());
                insert.ExecuteNonQuery();
            }

            persistedEvents[run.RunId] = run.History.Count;
            using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = "INSERT OR REPLACE INTO runs (run_id, snapshot) VALUES ($run, $snapshot)";
            upsert.Parameters.AddWithValue("$run", run.RunId);
            upsert.Parameters.AddWithValue("$snapshot", JsonSerializer.Serialize(RunSnapshotMapper.ToSnapshot(run)));
            upsert.ExecuteNonQuery();
        }

        var nsJson = JsonSerializer.Serialize(namespaces.All
            .Select(n => new NamespaceSnapshot(n.Name, n.Description, n.SearchAttributes.ToDictionary(p => p.Key, p => (int)p.Value)))
            .ToList());
        if (nsJson != lastNamespaces)
        {
            using var ns = connection.CreateCommand();
            ns.Transaction = transaction;
            ns.CommandText = "INSERT OR REPLACE INTO namespaces (id, data) VALUES (1, $data)";
            ns.Parameters.AddWithValue("$data", nsJson);
            ns.ExecuteNonQuery();
            lastNamespaces = nsJson;
        }

        transaction.Commit();
    }

    public void Delete(string runId)
    {
        using var transaction = connection.BeginTransaction();
        using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM events WHERE run_id = $run; DELETE FROM runs WHERE run_id = $run";
        delete.Parameters.AddWithValue("$run", runId);
        delete.ExecuteNonQuery();
        transaction.Commit();
        persistedEvents.Remove(runId);
    }

    public void Dispose() => connection.Dispose();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed record NamespaceSnapshot(string Name, string Description, Dictionary<string, int> SearchAttributes);
}
