using KafkaUpgrade.Client;
using KafkaUpgrade.Core.Planning;
using KafkaUpgrade.Core.Planning.Paths;
using KafkaUpgrade.Core.Snapshots;
using KafkaUpgrade.Core.Validation;
using KafkaUpgrade.Core.Versions;
using Temporalio.Exceptions;

namespace KafkaUpgrade.Cli;

/// <summary>Turns refusals into one clear line on stderr and an exit code; anything else is a bug and says so.</summary>
internal static class CliErrors
{
    public static int Guard(TextWriter error, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ExitCodeFor(ex) is { } code)
        {
            error.WriteLine($"error: {ex.Message}");
            return code;
        }
    }

    public static async Task<int> GuardAsync(TextWriter error, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ExitCodeFor(ex) is { } code)
        {
            await error.WriteLineAsync($"error: {Describe(ex)}").ConfigureAwait(false);
            return code;
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        WorkflowUpdateFailedException { InnerException: { } inner } => $"refused: {inner.Message}",
        _ => ex.Message,
    };

    private static int? ExitCodeFor(Exception ex) => ex switch
    {
        TemporalUnreachableException => ExitCodes.Unreachable,
        BadInputException or SnapshotFormatException or FileNotFoundException or DirectoryNotFoundException
            or ClusterValidationException or UpgradePathException or PlanningException or UnknownVersionException
            or InvalidOperationInputException or OperationAlreadyRunningException or OperationNotFoundException
            or WorkflowUpdateFailedException => ExitCodes.BadInput,
        _ => null,
    };
}
