using System.CommandLine;
using KafkaUpgrade.Cli.Rendering;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Workflows.Contracts;

namespace KafkaUpgrade.Cli.Commands;

/// <summary><c>kafka-upgrade start</c>: starts the upgrade (or only the KRaft migration) of a cluster the workers know.</summary>
internal static class StartCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var temporal = new TemporalOptions();
        var cluster = new Argument<string>("cluster") { Description = "Cluster id, as configured in the workers (Clusters:N:Id)." };
        var to = new Option<string>("--to") { Description = "Target Kafka version, e.g. 4.1 (not needed with --kraft-migration)." };
        var strategy = CommonOptions.Strategy();
        var batchSize = new Option<int>("--batch-size") { Description = "Node replacement: most old brokers drained at once.", DefaultValueFactory = _ => 6 };
        var restartBatch = new Option<int>("--restart-batch-size") { Description = "Rolling restarts: most brokers sharing no partition restarted together.", DefaultValueFactory = _ => 1 };
        var throttle = new Option<long>("--throttle") { Description = "Replication throttle per broker in MB/s while moving data.", DefaultValueFactory = _ => 100 };
        var preApprove = new Option<bool>("--pre-approve") { Description = "Approve every rollback boundary in advance (otherwise each waits for 'approve')." };
        var force = new Option<bool>("--force") { Description = "Start although the throttle is below the observed write rate (the move may never finish)." };
        var pollMs = new Option<int>("--poll-ms") { Description = "How often the workflow re-checks a condition, in ms.", DefaultValueFactory = _ => 5000 };
        var migration = new Option<bool>("--kraft-migration") { Description = "Only migrate a 3.9 ZooKeeper cluster to KRaft (workflow KRaftMigration)." };
        var json = CommonOptions.Json();
        var command = new Command("start", """
            Start an operation on a cluster: the whole upgrade to --to (workflow ClusterUpgrade), or with
            --kraft-migration only the ZooKeeper->KRaft migration of a 3.9 cluster. One operation per cluster: a
            second start fails and names the running one. Rollback boundaries wait for 'kafka-upgrade approve'
            unless --pre-approve.

            Examples:
              kafka-upgrade start prod-eu-1 --to 4.1
              kafka-upgrade start prod-eu-1 --to 3.9 --strategy rolling --restart-batch-size 3 --address temporal:7233
              kafka-upgrade start legacy-zk --kraft-migration --json
            """)
        {
            cluster, to, strategy, batchSize, restartBatch, throttle, preApprove, force, pollMs, migration, json,
        };
        temporal.AddTo(command);
        command.SetAction((parse, token) => CliErrors.GuardAsync(error, async () =>
        {
            var clusterId = CommonOptions.RequireClusterId(parse.GetValue(cluster));
            var timing = new StepTiming(PollIntervalMs: parse.GetValue(pollMs));
            if (timing.PollIntervalMs < 1)
            {
                throw new BadInputException($"--poll-ms must be at least 1, was {timing.PollIntervalMs}.");
            }

            Func<Client.KafkaUpgradeClient, Task<Client.OperationHandle>> start;
            if (parse.GetValue(migration))
            {
                if (parse.GetValue(restartBatch) < 1)
                {
                    throw new BadInputException($"--restart-batch-size must be at least 1, was {parse.GetValue(restartBatch)}.");
                }

                var input = new KRaftMigrationInput(clusterId, parse.GetValue(restartBatch), timing, parse.GetValue(preApprove));
                start = c => c.StartMigrationAsync(input, token);
            }
            else
            {
                var target = parse.GetValue(to) ?? throw new BadInputException("--to is required (or --kraft-migration).");
                CommonOptions.ParseVersion(target);

                var throttleMb = parse.GetValue(throttle);
                if (throttleMb < 1)
                {
                    throw new BadInputException($"--throttle must be at least 1 MB/s, was {throttleMb}.");
                }

                var input = new ClusterUpgradeInput(clusterId, target, parse.GetValue(strategy), parse.GetValue(batchSize), parse.GetValue(restartBatch),
                    throttleMb * 1024 * 1024, timing, parse.GetValue(preApprove), parse.GetValue(force));

                // The workflow's own input checks, here, before connecting: bad input is exit 2 even with no server.
                if (Workflows.Support.InputValidation.Problems(input) is { Count: > 0 } problems)
                {
                    throw new BadInputException($"{string.Join("; ", problems)}.");
                }

                start = c => c.StartUpgradeAsync(input, token);
            }

            var client = await temporal.ConnectAsync(parse, token).ConfigureAwait(false);
            var handle = await start(client).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonOutput.Serialize(new { workflowId = handle.WorkflowId, clusterId, taskQueue = client.TaskQueue })).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync($"Started {handle.WorkflowId} on task queue {client.TaskQueue}. Follow it with: kafka-upgrade watch {clusterId}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
