using System.CommandLine;
using KafkaUpgrade.Cli.Rendering;

namespace KafkaUpgrade.Cli.Commands;

/// <summary><c>kafka-upgrade watch</c>: follows an operation live until it ends.</summary>
internal static class WatchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var temporal = new TemporalOptions();
        var cluster = new Argument<string>("cluster") { Description = "Cluster id." };
        var interval = new Option<int>("--interval-ms") { Description = "How often to ask for progress.", DefaultValueFactory = _ => 1000 };
        var command = new Command("watch", """
            Follow a cluster's operation until it ends: phase, progress bars, the current wait reason and recent
            events (a live panel on a terminal, one line per change otherwise). Exit code 0 when it completed,
            1 when it was aborted or failed.

            Example:
              kafka-upgrade watch prod-eu-1
            """)
        {
            cluster, interval,
        };
        temporal.AddTo(command);
        command.SetAction((parse, token) => CliErrors.GuardAsync(error, async () =>
        {
            var every = parse.GetValue(interval);
            if (every < 50)
            {
                throw new BadInputException($"--interval-ms must be at least 50, was {every}.");
            }

            CommonOptions.RequireClusterId(parse.GetValue(cluster));
            var client = await temporal.ConnectAsync(parse, token).ConfigureAwait(false);
            var handle = client.GetOperation(parse.GetValue(cluster)!);
            await handle.DescribeAsync(token).ConfigureAwait(false);
            await new LiveView(output).RunAsync(async report =>
            {
                await foreach (var progress in handle.WatchAsync(TimeSpan.FromMilliseconds(every), token).ConfigureAwait(false))
                {
                    await report(progress, null).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            var summary = await handle.DescribeAsync(token).ConfigureAwait(false);
            if (summary.Status != "Completed")
            {
                await output.WriteLineAsync($"{summary.WorkflowId} ended {summary.Status}.").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            var result = await handle.GetResultAsync(token).ConfigureAwait(false);
            await output.WriteLineAsync($"{summary.WorkflowId} {result.Outcome}: {result.Summary}").ConfigureAwait(false);
            return result.Outcome == Workflows.Contracts.OperationOutcome.Completed ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }
}
