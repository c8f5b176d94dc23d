using System.CommandLine;
using KafkaUpgrade.Cli.Commands;

namespace KafkaUpgrade.Cli;

/// <summary>
/// The <c>kafka-upgrade</c> command tree. Kept apart from <c>Program</c> so tests drive the real entry point with
/// their own writers and read the exit code.
/// </summary>
public static class CliApplication
{
    /// <summary>Parses <paramref name="args"/>, runs the chosen command and returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = BuildRootCommand(output, error);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync($"Run 'kafka-upgrade {string.Join(' ', CommandPath(parseResult))} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var invocation = new InvocationConfiguration { Output = output, Error = error };
        return await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The full command tree; every command carries its help text and examples.</summary>
    public static RootCommand BuildRootCommand(TextWriter output, TextWriter error)
    {
        var root = new RootCommand(
            "kafka-upgrade: plan, rehearse, run and steer zero-downtime Apache Kafka upgrades as Temporal workflows.");
        root.Subcommands.Add(DemoCommand.Create(output, error));
        root.Subcommands.Add(PlanCommand.Create(output, error));
        root.Subcommands.Add(RehearseCommand.Create(output, error));
        root.Subcommands.Add(StartCommand.Create(output, error));
        root.Subcommands.Add(StatusCommand.Create(output, error));
        root.Subcommands.Add(WatchCommand.Create(output, error));
        root.Subcommands.Add(ListCommand.Create(output, error));
        foreach (var steer in SteerCommands.Create(output, error))
        {
            root.Subcommands.Add(steer);
        }

        root.Subcommands.Add(ServerCommand.Create(output, error));
        root.Subcommands.Add(WorkerCommand.Create(output, error));
        root.Subcommands.Add(SnapshotCommand.Create(output, error));
        root.Subcommands.Add(SimulateCommand.Create(output, error));
        return root;
    }

    private static List<string> CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (result.Command is not RootCommand)
            {
                names.Insert(0, result.Command.Name);
            }
        }

        return names;
    }
}
