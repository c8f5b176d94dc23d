using System.CommandLine;
using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Cli.Rendering;

namespace KafkaUpgrade.Cli.Commands;

/// <summary><c>kafka-upgrade repair</c>: clears what a terminated or failed operation left on a cluster.</summary>
internal static class RepairCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var temporal = new TemporalOptions();
        var cluster = new Argument<string>("cluster") { Description = "Cluster id." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only show what is left behind and what repair would do." };
        var json = CommonOptions.Json();
        var command = new Command("repair", """
            Clear what an operation that could not clean up left on a cluster: Temporal's terminate runs no workflow
            code, and a failure or a lost worker can come before the cleanup. Repair cancels the reassignments still
            in flight (Kafka reverts each to its replicas before the move) and clears the replication throttle. It
            reports, without changing, brokers that run but hold no replica, nodes on several versions and an
            unfinished migration: finishing those is a new 'start'. Refused while an operation runs on the cluster.
            Runs as workflow ClusterRepair on a worker that serves the cluster.

            Examples:
              kafka-upgrade repair prod-eu-1 --dry-run
              kafka-upgrade repair prod-eu-1
            """)
        {
            cluster, dryRun, json,
        };
        temporal.AddTo(command);
        command.SetAction((parse, token) => CliErrors.GuardAsync(error, async () =>
        {
            var clusterId = CommonOptions.RequireClusterId(parse.GetValue(cluster));
            var client = await temporal.ConnectAsync(parse, token).ConfigureAwait(false);
            var report = await client.RepairAsync(clusterId, parse.GetValue(dryRun), cancellationToken: token).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonOutput.Serialize(report)).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync(Describe(report)).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The report in lines: findings, then what was (or would be) done.</summary>
    public static string Describe(RepairReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = new List<string> { LeftoversText(report.Before) };
        lines.AddRange(report.Actions.Count == 0 ? ["Nothing to clear."] : report.Actions.Select(a => $"Repair {a}."));
        if (report.After is { } after && !report.DryRun)
        {
            lines.Add(after.NothingToClear ? "Now: no throttle, no reassignment in flight." : $"Now: {LeftoversText(after)}");
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Leftovers in lines, for <c>status</c> and <c>repair</c>.</summary>
    public static string LeftoversText(Leftovers leftovers)
    {
        ArgumentNullException.ThrowIfNull(leftovers);
        return leftovers.Findings.Count == 0
            ? $"Left behind on {leftovers.ClusterId}: nothing (no throttle, no reassignment in flight, one version, metadata mode {leftovers.Mode})."
            : $"Left behind on {leftovers.ClusterId}:{Environment.NewLine}" + string.Join(Environment.NewLine, leftovers.Findings.Select(f => $"  - {f}"));
    }
}
