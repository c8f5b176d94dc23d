using System.CommandLine;
using KafkaUpgrade.Cli.Rendering;
using KafkaUpgrade.Client;

namespace KafkaUpgrade.Cli.Commands;

/// <summary><c>kafka-upgrade list</c>: operations known to Temporal's visibility, newest first.</summary>
internal static class ListCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var temporal = new TemporalOptions();
        var running = new Option<bool>("--running") { Description = "Only operations still running." };
        var cluster = new Option<string?>("--cluster") { Description = "Only this cluster's operations." };
        var json = CommonOptions.Json();
        var command = new Command("list", """
            List upgrade and migration operations (newest first) with their cluster, phase, target and status.

            Examples:
              kafka-upgrade list --running
              kafka-upgrade list --cluster prod-eu-1 --json
            """)
        {
            running, cluster, json,
        };
        temporal.AddTo(command);
        command.SetAction((parse, token) => CliErrors.GuardAsync(error, async () =>
        {
            var client = await temporal.ConnectAsync(parse, token).ConfigureAwait(false);
            var items = new List<OperationSummary>();
            await foreach (var item in client.ListAsync(parse.GetValue(running), parse.GetValue(cluster), token).ConfigureAwait(false))
            {
                items.Add(item);
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonOutput.Serialize(items)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            if (items.Count == 0)
            {
                await output.WriteLineAsync("No operations.").ConfigureAwait(false);
            }

            foreach (var item in items)
            {
                await output.WriteLineAsync($"{item.WorkflowId,-40} {item.WorkflowType,-15} {item.Status,-10} cluster={item.ClusterId ?? "?"} target={item.TargetVersion ?? "?"} phase={item.Phase ?? "?"} started={item.StartTime:u}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
