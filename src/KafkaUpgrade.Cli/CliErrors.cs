using KafkaUpgrade.Core.Planning;
using KafkaUpgrade.Core.Planning.Paths;
using KafkaUpgrade.Core.Snapshots;
using KafkaUpgrade.Core.Validation;
using KafkaUpgrade.Core.Versions;

namespace KafkaUpgrade.Cli;

/// <summary>Turns the domain's refusals into one clear line on stderr and an exit code; anything else is a bug and says so.</summary>
internal static class CliErrors
{
    public static int Guard(TextWriter error, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (IsBadInput(ex))
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }

    public static async Task<int> GuardAsync(TextWriter error, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsBadInput(ex))
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
    }

    private static bool IsBadInput(Exception ex) => ex is BadInputException or SnapshotFormatException or FileNotFoundException
        or ClusterValidationException or UpgradePathException or PlanningException or UnknownVersionException;
}
