using Temporalio.Client;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>
/// Keeps histories of representative runs in the repository (<c>Histories/*.json</c>) so CI replays them against
/// the current workflow code. Records only when <c>RECORD_HISTORIES=1</c>: a normal test run never rewrites them.
/// </summary>
internal static class HistoryRecorder
{
    /// <summary>Suffix of the file beside each history that holds the recorded run's workflow id.</summary>
    public const string WorkflowIdSuffix = ".workflow-id";

    /// <summary>True when this run should (re-)record histories.</summary>
    public static bool Enabled => Environment.GetEnvironmentVariable("RECORD_HISTORIES") == "1";

    /// <summary>The histories folder of the test project's sources (not the build output).</summary>
    public static string SourceFolder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "KafkaUpgrade.Workflows.Tests.csproj")))
                {
                    return Path.Combine(dir.FullName, "Histories");
                }
            }

            throw new InvalidOperationException("Cannot find the test project's folder above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Writes the history of <paramref name="workflowId"/> as <c>Histories/{name}.json</c> when recording.</summary>
    public static async Task MaybeRecordAsync(ITemporalClient client, string workflowId, string name)
    {
        if (!Enabled)
        {
            return;
        }

        var history = await client.GetWorkflowHandle(workflowId).FetchHistoryAsync();
        Directory.CreateDirectory(SourceFolder);
        await File.WriteAllTextAsync(Path.Combine(SourceFolder, name + ".json"), history.ToJson());

        // Workflows derive child ids from their own id, which the history does not hold: replay needs it back.
        await File.WriteAllTextAsync(Path.Combine(SourceFolder, name + WorkflowIdSuffix), workflowId + "\n");
    }
}
