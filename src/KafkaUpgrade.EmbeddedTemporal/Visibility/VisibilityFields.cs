using System.Globalization;
using System.Text.Json;
using KafkaUpgrade.EmbeddedTemporal.Engine;

namespace KafkaUpgrade.EmbeddedTemporal.Visibility;

/// <summary>The values a visibility query can test: system fields and custom search attributes.</summary>
internal static class VisibilityFields
{
    private static readonly HashSet<string> System = new(StringComparer.Ordinal)
    {
        "WorkflowType", "ExecutionStatus", "StartTime", "CloseTime", "WorkflowId", "RunId", "TaskQueue", "ExecutionTime",
        "TemporalChangeVersion", "BinaryChecksums", "BuildIds", "TemporalScheduledById", "TemporalSchedulePaused",
    };

    public static bool IsSystem(string name) => System.Contains(name);

    /// <summary>The field's values for a run (several for keyword lists), as strings; empty when absent.</summary>
    public static IReadOnlyList<string> Values(WorkflowRun run, string field) => field switch
    {
        "WorkflowType" => [run.WorkflowType],
        "ExecutionStatus" => [run.Status.ToString()],
        "WorkflowId" => [run.WorkflowId],
        "RunId" => [run.RunId],
        "TaskQueue" => [run.TaskQueue],
        "StartTime" or "ExecutionTime" => [run.StartTime.ToString("O", CultureInfo.InvariantCulture)],
        "CloseTime" => run.CloseTime is { } c ? [c.ToString("O", CultureInfo.InvariantCulture)] : [],
        _ => Custom(run, field),
    };

    private static List<string> Custom(WorkflowRun run, string field)
    {
        if (!run.SearchAttributes.IndexedFields.TryGetValue(field, out var payload))
        {
            return [];
        }

        try
        {
            using var doc = JsonDocument.Parse(payload.Data.Memory);
            return doc.RootElement.ValueKind == JsonValueKind.Array
                ? doc.RootElement.EnumerateArray().Select(Text).ToList()
                : [Text(doc.RootElement)];
        }
        catch (JsonException)
        {
            return [payload.Data.ToStringUtf8()];
        }
    }

    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : e.GetRawText();
}
