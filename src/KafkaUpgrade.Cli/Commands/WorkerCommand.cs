using System.CommandLine;
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
        var remote = new Option<string[]>("--remote-cluster") { Description = "A simulator served by another process: id=http://127.0.0.1:port/ (repeatable)." };
        var command = new Command("worker", """
            Run a worker: it polls the task queue and runs the upgrade workflows and their activities against the
            clusters it is configured with (appsettings.json, environment such as Clusters__0__Id, or the options
            below). Several workers may share a task queue. Stops gracefully on Ctrl+C / SIGTERM.

            Examples:
              kafka-upgrade worker --cluster small-zk-3-8=samples/small-zk-3.8.json@100
              kafka-upgrade worker --address temporal:7233 --remote-cluster demo=http://127.0.0.1:5005/
            """)
        {
            clusters, remote,
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

            foreach (var spec in parse.GetValue(remote) ?? [])
            {
                var (id, url) = Split(spec, "--remote-cluster", "id=http://host:port/");
                bound.Add(new ClusterSettings { Id = id, Adapter = ClusterBindings.RemoteSimulatorAdapter, Url = url });
            }

            return await WorkerHost.RunAsync([], temporalSettings, bound.Count > 0 ? bound : null, token).ConfigureAwait(false);
        }));
        return command;
    }

    private static (string Id, string Value) Split(string spec, string option, string shape)
    {
        var eq = spec.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && eq < spec.Length - 1 ? (spec[..eq], spec[(eq + 1)..]) : throw new BadInputException($"{option} '{spec}' is not {shape}.");
    }
}
