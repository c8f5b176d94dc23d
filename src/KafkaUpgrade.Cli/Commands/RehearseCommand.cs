using System.CommandLine;
using KafkaUpgrade.Cli.Rehearsal;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Core.Snapshots;

namespace KafkaUpgrade.Cli.Commands;

/// <summary><c>kafka-upgrade rehearse</c>: runs the real workflows against a simulated copy of a cluster.</summary>
internal static class RehearseCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var snapshot = new Option<string>("--snapshot", "-s") { Description = "Cluster snapshot JSON (see docs/snapshot-format.md).", Required = true };
        var to = new Option<string>("--to") { Description = "Target Kafka version, e.g. 4.1.", Required = true };
        var speed = new Option<double>("--speed") { Description = "Simulated seconds per real second.", DefaultValueFactory = _ => 2000 };
        var strategy = CommonOptions.Strategy();
        var batchSize = new Option<int>("--batch-size") { Description = "Node replacement: most old brokers drained at once.", DefaultValueFactory = _ => 6 };
        var restartBatch = new Option<int>("--restart-batch-size") { Description = "Rolling restarts: brokers restarted together.", DefaultValueFactory = _ => 1 };
        var throttle = new Option<long>("--throttle") { Description = "Replication throttle per broker in MB/s.", DefaultValueFactory = _ => 500 };
        var traffic = new Option<double>("--write-rate") { Description = "Producer traffic per partition in KB/s (acks=all).", DefaultValueFactory = _ => 100 };
        var json = CommonOptions.Json();
        var wire = CommonOptions.Wire();
        var command = new Command("rehearse", """
            Rehearse an upgrade: run the real workflows, on an embedded Temporal server, against a simulated copy of
            the cluster in the snapshot under producer traffic, and report the duration, data moved,
            per-partition unavailability and any safety rule that would have been broken. Nothing real is touched.
            Approval gates are approved automatically. Exit code 0 when it completed with nothing lost and no rule
            broken, 1 otherwise, 2 on bad input.

            Examples:
              kafka-upgrade rehearse --snapshot samples/small-zk-3.8.json --to 4.1
              kafka-upgrade rehearse -s cluster.json --to 3.9 --strategy rolling --speed 5000 --json
              kafka-upgrade rehearse -s cluster.json --to 4.1 --wire --speed 500
            """)
        {
            snapshot, to, speed, strategy, batchSize, restartBatch, throttle, traffic, wire, json,
        };
        command.SetAction((parse, token) => CliErrors.GuardAsync(error, async () =>
        {
            var target = CommonOptions.ParseVersion(parse.GetValue(to)!);

            var pace = parse.GetValue(speed);
            if (pace is <= 0 or > 100_000)
            {
                throw new BadInputException($"--speed must be above 0 and at most 100000, was {pace}.");
            }

            if (parse.GetValue(throttle) < 1 || parse.GetValue(traffic) < 0)
            {
                throw new BadInputException("--throttle must be at least 1 MB/s and --write-rate at least 0.");
            }

            var cluster = ClusterSnapshotSerializer.ReadFile(SnapshotFiles.Resolve(parse.GetValue(snapshot)!));

            // Refuse an impossible request before starting anything, with the planner's own words.
            var options = new UpgradePlanOptions(parse.GetValue(strategy), parse.GetValue(batchSize), parse.GetValue(restartBatch), parse.GetValue(throttle) * 1024 * 1024);
            _ = new UpgradePlanBuilder().Build(cluster, target, options);
            var settings = new RehearsalSettings(cluster, target, parse.GetValue(strategy), pace, parse.GetValue(traffic) * 1000,
                parse.GetValue(throttle) * 1024 * 1024, parse.GetValue(batchSize), parse.GetValue(restartBatch), Wire: parse.GetValue(wire));
            return await RehearsalOutput.RunAsync(settings, parse.GetValue(json), output, token).ConfigureAwait(false);
        }));
        return command;
    }
}
