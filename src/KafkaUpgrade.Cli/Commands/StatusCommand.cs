using System.CommandLine;
using KafkaUpgrade.Cli.Rendering;

namespace KafkaUpgrade.Cli.Commands;

/// <summary><c>kafka-upgrade status</c>: the operation's state and progress, once.</summary>
internal static class StatusCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var temporal = new TemporalOptions();
        var cluster = new Argument<string>("cluster") { Description = "Cluster id." };
        var json = CommonOptions.Json();
        var command = new Command("status", """
            Show a cluster's operation: workflow status, phase, step, nodes and partitions done, bytes moved, the
            estimate, why it is waiting and what awaits approval.

            Examples:
              kafka-upgrade status prod-eu-1
              kafka-upgrade status prod-eu-1 --json
            """)
        {
            cluster, json,
        };
        temporal.AddTo(command);
        command.SetAction((parse, token) => CliErrors.GuardAsync(error, async () =>
        {
            CommonOptions.RequireClusterId(parse.GetValue(cluster));
            var client = await temporal.ConnectAsync(parse, token).ConfigureAwait(false);
            var handle = client.GetOperation(parse.GetValue(cluster)!);
            var summary = await handle.DescribeAsync(token).ConfigureAwait(false);
            var progress = await handle.GetProgressAsync(token).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonOutput.Serialize(new { operation = summary, progress })).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync($"{summary.WorkflowId} ({summary.WorkflowType}) {summary.Status}, started {summary.StartTime:u}").ConfigureAwait(false);
                await output.WriteLineAsync(ProgressText.Describe(progress)).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
