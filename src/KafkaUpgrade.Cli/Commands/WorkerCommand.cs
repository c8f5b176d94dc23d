using System.CommandLine;
using Microsoft.Extensions.Configuration;
using KafkaUpgrade.Worker.Composition;
using KafkaUpgrade.Worker.Hosting;

namespace KafkaUpgrade.Cli.Commands;

/// <summary><c>kafka-upgrade worker</c>: the worker host (the same code as <c>workers/KafkaUpgrade.Worker</c>).</summary>
internal static class WorkerCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var temporal = new TemporalOptions();
        var clusters = new Option<string[]>("--cluster")
        {
            Description = "A simulated cluster: id=snapshot.json[@speed] (repeatable). Without any, appsettings.json's Clusters are used.",
            AllowMultipleArgumentsPerToken = false,
        };
        var config = new Option<string?>("--config") { Description = "A JSON file with the clusters to bind (a \"Clusters\" array, the schema of appsettings.json: kafka or simulator bindings), instead of appsettings.json's." };
        var command = new Command("worker", """
            Run a worker: it polls the task queue and runs the upgrade workflows and their activities against the
            clusters it is configured with (appsettings.json, environment such as Clusters__0__Id, or the options
            below). Several workers may share a task queue. Stops gracefully on Ctrl+C / SIGTERM.

            Examples:
              kafka-upgrade worker --cluster small-zk-3-8=samples/small-zk-3.8.json@100
              kafka-upgrade worker --address temporal:7233 --config /etc/kafka-upgrade/clusters.json
            """)
        {
            clusters, config,
        };
        temporal.AddTo(command);
        command.SetAction((parse, token) => CliErrors.GuardAsync(error, async () =>
        {
            var settings = temporal.Read(parse);
            var temporalSettings = new TemporalSettings { Address = settings.Address, Namespace = settings.Namespace, TaskQueue = settings.TaskQueue };
            var bound = new List<ClusterSettings>();
            foreach (var spec in parse.GetValue(clusters) ?? [])
            {
                var (id, rest) = Split(spec, "--cluster", "id=snapshot.json[@speed]");
                var speed = 1.0;
                var at = rest.LastIndexOf('@');
                if (at > 0)
                {
                    if (!double.TryParse(rest[(at + 1)..], System.Globalization.CultureInfo.InvariantCulture, out speed) || speed <= 0)
                    {
                        throw new BadInputException($"--cluster '{spec}': speed '{rest[(at + 1)..]}' is not a positive number.");
                    }

                    rest = rest[..at];
                }

                bound.Add(new ClusterSettings { Id = id, Adapter = ClusterBindings.SimulatorAdapter, Snapshot = rest, Speed = speed });
            }

            if (parse.GetValue(config) is { } file)
            {
                if (bound.Count > 0)
                {
                    throw new BadInputException("--config and --cluster cannot be combined: give every cluster in the file.");
                }

                bound.AddRange(ReadClusters(file));
            }

            return await WorkerHost.RunAsync([], temporalSettings, bound.Count > 0 ? bound : null, token).ConfigureAwait(false);
        }));
        return command;
    }

    private static List<ClusterSettings> ReadClusters(string file)
    {
        if (!File.Exists(file))
        {
            throw new BadInputException($"--config '{file}' does not exist.");
        }

        IConfigurationRoot root;
        try
        {
            root = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(file), optional: false).Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException)
        {
            throw new BadInputException($"--config '{file}' is not valid JSON configuration: {ex.Message}");
        }

        var clusters = root.GetSection("Clusters").Get<List<ClusterSettings>>() ?? [];
        return clusters.Count > 0 ? clusters : throw new BadInputException($"--config '{file}' has no \"Clusters\" array: nothing to bind.");
    }

    private static (string Id, string Value) Split(string spec, string option, string shape)
    {
        var eq = spec.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && eq < spec.Length - 1 ? (spec[..eq], spec[(eq + 1)..]) : throw new BadInputException($"{option} '{spec}' is not {shape}.");
    }
}
