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
            estimate, why it is waiting and what awaits approval (the gate id 'approve --gate' takes). Once the
            operation is no longer running, also what it left on the cluster (throttle, reassignments in flight,
            idle new brokers, mixed versions, migration phase), as 'repair --dry-run' shows it.

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
            var leftovers = summary.Status == "Running" ? null : await InspectAsync(client, parse.GetValue(cluster)!, token).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonOutput.Serialize(new { operation = summary, progress, leftovers = leftovers?.Report?.Before, leftoversError = leftovers?.Error })).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync($"{summary.WorkflowId} ({summary.WorkflowType}) {summary.Status}, started {summary.StartTime:u}").ConfigureAwait(false);
                await output.WriteLineAsync(ProgressText.Describe(progress)).ConfigureAwait(false);
                if (leftovers is not null)
                {
                    await output.WriteLineAsync(leftovers.Report is { } report ? RepairCommand.LeftoversText(report.Before) : $"Left behind: unknown ({leftovers.Error})").ConfigureAwait(false);
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>A dry-run repair of the cluster; the error instead when no worker answers in time (status still shows the rest).</summary>
    private static async Task<Inspection> InspectAsync(Client.KafkaUpgradeClient client, string clusterId, CancellationToken token)
    {
        try
        {
            return new Inspection(await client.RepairAsync(clusterId, dryRun: true, TimeSpan.FromSeconds(20), token).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is Temporalio.Exceptions.WorkflowFailedException or Temporalio.Exceptions.RpcException or Client.OperationAlreadyRunningException)
        {
            return new Inspection(null, ex.InnerException?.Message ?? ex.Message);
        }
    }

    private sealed record Inspection(Activities.Contracts.RepairReport? Report, string? Error);
}
