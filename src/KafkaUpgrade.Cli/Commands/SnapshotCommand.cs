using System.CommandLine;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Snapshots;
using KafkaUpgrade.Core.Synthetic;

namespace KafkaUpgrade.Cli.Commands;

/// <summary><c>kafka-upgrade snapshot generate</c> (a synthetic cluster, e.g. the large sample) and <c>capture</c> (a live one).</summary>
internal static class SnapshotCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var brokers = new Option<int>("--brokers") { Description = "Number of brokers.", DefaultValueFactory = _ => 200 };
        var racks = new Option<int>("--racks") { Description = "Number of racks.", DefaultValueFactory = _ => 3 };
        var partitions = new Option<int>("--partitions") { Description = "Total partitions.", DefaultValueFactory = _ => 100_000 };
        var topics = new Option<int>("--topics") { Description = "Topics the partitions are spread over.", DefaultValueFactory = _ => 500 };
        var version = new Option<string>("--version") { Description = "Kafka version of every node.", DefaultValueFactory = _ => "3.9.1" };
        var kraft = new Option<bool>("--kraft") { Description = "KRaft mode with 3 controllers (default: ZooKeeper mode)." };
        var seed = new Option<int>("--seed") { Description = "Seed: the same options and seed give the same file.", DefaultValueFactory = _ => 42 };
        var outFile = new Option<string>("--out", "-o") { Description = "File to write.", Required = true };

        var generate = new Command("generate", """
            Write a synthetic, healthy, rack-aware cluster snapshot. The large sample (200 brokers, 100,000
            partitions, RF 3, 3 racks) is this command with its defaults; it is generated rather than kept in the
            repository (about 30 MB).

            Examples:
              kafka-upgrade snapshot generate --out samples/large-200-brokers.json
              kafka-upgrade snapshot generate --brokers 12 --partitions 2000 --kraft --version 3.9.1 -o kraft.json
            """)
        {
            brokers, racks, partitions, topics, version, kraft, seed, outFile,
        };
        generate.SetAction(parse => CliErrors.Guard(error, () =>
        {
            var text = parse.GetValue(version)!;
            if (!KafkaVersion.TryParse(text, out var v))
            {
                throw new BadInputException($"--version '{text}' is not a Kafka version (expected e.g. 3.9.1).");
            }

            var spec = new SyntheticClusterSpec($"synthetic-{parse.GetValue(brokers)}", parse.GetValue(brokers), parse.GetValue(racks),
                parse.GetValue(partitions), parse.GetValue(topics), v, parse.GetValue(kraft) ? MetadataMode.KRaft : MetadataMode.ZooKeeper,
                parse.GetValue(seed), 256L << 20, [3]);
            if (spec.Brokers < 1 || spec.Racks < 1 || spec.Topics < 1 || spec.Partitions < spec.Topics)
            {
                throw new BadInputException("--brokers, --racks and --topics must be at least 1 and --partitions at least --topics.");
            }

            var state = SyntheticClusterGenerator.Generate(spec);
            var path = parse.GetValue(outFile)!;
            File.WriteAllText(path, ClusterSnapshotSerializer.Write(state));
            output.WriteLine($"Wrote {path}: {spec.Brokers} brokers, {state.PartitionCount:N0} partitions, {state.MetadataMode} on {v}.");
            return ExitCodes.Success;
        }));

        return new Command("snapshot", "Cluster snapshot files: generate a synthetic one, capture a live cluster.") { generate, SnapshotCaptureCommand.Create(output, error) };
    }
}
