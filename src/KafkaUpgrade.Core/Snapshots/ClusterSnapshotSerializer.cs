using System.Text;
using System.Text.Json;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Validation;
using KafkaUpgrade.Core.Versions;

namespace KafkaUpgrade.Core.Snapshots;

/// <summary>
/// Reads and writes cluster snapshots: the JSON description of a cluster's topology that <c>plan</c> and
/// <c>rehearse</c> take and the simulator loads (format: <c>docs/snapshot-format.md</c>). Reading is strict: a
/// malformed field or a contradiction fails with the path of the offending item, and nothing is repaired.
/// </summary>
public static class ClusterSnapshotSerializer
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Parses and validates a snapshot; throws <see cref="SnapshotFormatException"/> naming the offending field.</summary>
    public static ClusterState Read(string json, VersionCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new SnapshotFormatException($"$ (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})", $"not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var state = SnapshotReader.Read(document.RootElement);
            var problems = new ClusterValidator(catalog).Validate(state);
            if (problems.Count > 0)
            {
                var first = problems[0];
                var rest = problems.Count > 1 ? $" (and {problems.Count - 1} more: {string.Join("; ", problems.Skip(1).Take(4))})" : string.Empty;
                throw new SnapshotFormatException("$." + first.Path, first.Message + rest, new ClusterValidationException(problems));
            }

            return state;
        }
    }

    /// <summary>Reads a snapshot file; a missing file is reported as such, with its path.</summary>
    public static ClusterState ReadFile(string path, VersionCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Snapshot file '{path}' does not exist.", path);
        }

        return Read(File.ReadAllText(path), catalog);
    }

    /// <summary>Writes <paramref name="state"/> as indented snapshot JSON.</summary>
    public static string Write(ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            SnapshotWriter.Write(writer, state);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
