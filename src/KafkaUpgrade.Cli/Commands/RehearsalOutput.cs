using KafkaUpgrade.Cli.Rehearsal;
using KafkaUpgrade.Cli.Rendering;

namespace KafkaUpgrade.Cli.Commands;

/// <summary>Runs a rehearsal with a live view and prints its report (text, or one JSON line last with <c>--json</c>).</summary>
internal static class RehearsalOutput
{
    public static async Task<int> RunAsync(RehearsalSettings settings, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        RehearsalReport? report = null;
        await new LiveView(output, plain: json).RunAsync(async show =>
        {
            report = await RehearsalRunner.RunAsync(settings, (p, note) => show(p, note), cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        if (json)
        {
            await output.WriteLineAsync(JsonOutput.Serialize(report)).ConfigureAwait(false);
        }
        else
        {
            ReportText.Write(report!, output);
        }

        return report!.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
    }
}
