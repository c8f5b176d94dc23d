using System.CommandLine;
using KafkaUpgrade.Cli.Rendering;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Core.Snapshots;

namespace KafkaUpgrade.Cli.Commands;

/// <summary><c>kafka-upgrade plan</c>: the hops, batches, bytes, verdicts and ETA of an upgrade, changing nothing.</summary>
internal static class PlanCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var snapshot = new Option<string>("--snapshot", "-s") { Description = "Cluster snapshot JSON (see docs/snapshot-format.md).", Required = true };
        var to = new Option<string>("--to") { Description = "Target Kafka version, e.g. 4.1 or 4.1.1.", Required = true };
        var strategy = CommonOptions.Strategy();
        var batchSize = new Option<int>("--batch-size") { Description = "Node replacement: most old brokers drained at once.", DefaultValueFactory = _ => 6 };
        var restartBatch = new Option<int>("--restart-batch-size") { Description = "Rolling restarts: most brokers sharing no partition restarted together.", DefaultValueFactory = _ => 1 };
        var throttle = new Option<long>("--throttle") { Description = "Replication throttle per broker in MB/s, for the estimate.", DefaultValueFactory = _ => 100 };
        var json = CommonOptions.Json();

        var command = new Command("plan", """
            Show what upgrading a cluster would do, without changing anything: the hops (software steps,
            ZooKeeper->KRaft migration, finalizations), replacement or restart batches, bytes to move, safety
            verdicts on the cluster as it is now, and an estimated duration.
            Exit codes: 0 plan made and the cluster is ready to start; 1 plan made but a preflight check fails
            (the reason is shown); 2 bad input or no safe path.

            Examples:
              kafka-upgrade plan --snapshot samples/small-zk-3.8.json --to 4.1
              kafka-upgrade plan -s cluster.json --to 3.9 --strategy rolling --restart-batch-size 3 --json
            """)
        {
            snapshot, to, strategy, batchSize, restartBatch, throttle, json,
        };

        command.SetAction(parse => Run(
            parse.GetValue(snapshot)!, parse.GetValue(to)!, parse.GetValue(strategy), parse.GetValue(batchSize),
            parse.GetValue(restartBatch), parse.GetValue(throttle), parse.GetValue(json), output, error));
        return command;
    }

    private static int Run(string snapshotPath, string to, UpgradeStrategy strategy, int batchSize, int restartBatch, long throttleMb, bool json, TextWriter output, TextWriter error)
    {
        return CliErrors.Guard(error, () =>
        {
            var target = CommonOptions.ParseVersion(to);

            if (throttleMb < 1)
            {
                throw new BadInputException($"--throttle must be at least 1 MB/s, was {throttleMb}.");
            }

            var state = ClusterSnapshotSerializer.ReadFile(SnapshotFiles.Resolve(snapshotPath));
            var options = new UpgradePlanOptions(strategy, batchSize, restartBatch, throttleMb * 1024 * 1024);
            var plan = new UpgradePlanBuilder().Build(state, target, options);
            if (json)
            {
                output.WriteLine(JsonOutput.Serialize(PlanJson.From(plan)));
            }
            else
            {
                PlanText.Write(plan, output);
            }

            return plan.ReadyToStart ? ExitCodes.Success : ExitCodes.Failure;
        });
    }
}
