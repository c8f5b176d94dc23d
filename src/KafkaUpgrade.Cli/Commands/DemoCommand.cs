using System.CommandLine;
using KafkaUpgrade.Cli.Rehearsal;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Snapshots;
using KafkaUpgrade.Core.Versions;

namespace KafkaUpgrade.Cli.Commands;

/// <summary><c>kafka-upgrade demo</c>: the sample cluster from Kafka 3.8 (ZooKeeper) to the newest 4.x (KRaft), offline.</summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var chaos = new Option<bool>("--chaos") { Description = "Run the worker as a child process over the wire (see --wire) and kill it (SIGKILL) at least three times; the upgrade must still finish." };
        var kills = new Option<int>("--kills") { Description = "With --chaos: how many times to kill the worker (at least 3).", DefaultValueFactory = _ => 3 };
        var speed = new Option<double>("--speed") { Description = "Simulated seconds per real second.", DefaultValueFactory = _ => 3000 };
        var json = CommonOptions.Json();
        var wire = CommonOptions.Wire();
        var command = new Command("demo", """
            The whole product on one machine, offline: start the embedded Temporal server and a worker, build the
            sample cluster (Kafka 3.8, ZooKeeper mode, 6 brokers on 3 racks, 304 partitions) with live producers,
            and drive it to the newest Kafka 4.x in KRaft mode: node replacement onto 3.9, the inter-broker protocol
            bump, the ZooKeeper->KRaft migration, 4.x by node replacement and metadata.version finalization, with
            live progress. Approval gates are approved automatically (and say so). Ends with a summary; with --json
            the last line is one JSON object. Exit code 0 only when the upgrade completed with zero lost
            acknowledged writes and zero safety violations. With --wire the cluster is served over Kafka's protocol
            (as `simulate` serves it) and the worker is a separate process using the kafka adapter, the nodes'
            Prometheus metrics and command hooks (samples/hooks/simulate): the same path as a real cluster.

            Examples:
              kafka-upgrade demo
              kafka-upgrade demo --wire
              kafka-upgrade demo --chaos --json
              kafka-upgrade demo --chaos --kills 5
            """)
        {
            wire, chaos, kills, speed, json,
        };
        command.SetAction((parse, token) => CliErrors.GuardAsync(error, async () =>
        {
            var pace = parse.GetValue(speed);
            if (pace is <= 0 or > 100_000)
            {
                throw new BadInputException($"--speed must be above 0 and at most 100000, was {pace}.");
            }

            if (parse.GetValue(kills) is < 3 or > 50)
            {
                throw new BadInputException($"--kills must be between 3 and 50, was {parse.GetValue(kills)}.");
            }

            var cluster = ClusterSnapshotSerializer.ReadFile(Path.Combine(AppContext.BaseDirectory, "samples", "small-zk-3.8.json"));
            var newest = VersionCatalog.Default.Releases.Where(r => r.Version.Major == 4).Max(r => r.Version);
            var settings = new RehearsalSettings(cluster, newest, Speed: pace, Chaos: parse.GetValue(chaos), Kills: parse.GetValue(kills), TickMs: 2000, Wire: parse.GetValue(wire));
            if (!parse.GetValue(json))
            {
                await output.WriteLineAsync($"Demo: {cluster.ClusterId} (Kafka 3.8, ZooKeeper, {cluster.Brokers.Count()} brokers, {cluster.PartitionCount} partitions, producers on every partition) -> Kafka {newest} in KRaft mode{(settings.OverWire ? ", driven over Kafka's protocol by a worker process" : string.Empty)}{(settings.Chaos ? ", killing it along the way" : string.Empty)}.").ConfigureAwait(false);
            }

            return await RehearsalOutput.RunAsync(settings, parse.GetValue(json), output, token).ConfigureAwait(false);
        }));
        return command;
    }
}
