using System.Text.Json;

namespace KafkaUpgrade.Cli.Rehearsal;

/// <summary>
/// The worker configuration a rehearsal over the wire hands its worker processes: the cluster bound to the
/// <c>kafka</c> adapter (our Kafka protocol client at the front's brokers and controller bootstrap address, the
/// nodes' Prometheus metrics) with command-hook provisioning through <c>samples/hooks/simulate</c>, which drive the
/// front's nodes through <c>kafka-upgrade simulate node ...</c>. The same schema an operator writes for a real
/// cluster (README, "Running it for real"); only the hook scripts differ. Written to a temporary folder that is
/// removed on dispose.
/// </summary>
internal sealed class WireWorkerConfig : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private WireWorkerConfig(string directory, string path)
    {
        Directory = directory;
        Path = path;
    }

    /// <summary>The folder holding the configuration and the broker template.</summary>
    public string Directory { get; }

    /// <summary>The configuration file (<c>kafka-upgrade worker --config</c>).</summary>
    public string Path { get; }

    /// <summary>Writes the configuration binding <paramref name="clusterId"/> to the cluster <paramref name="served"/> serves.</summary>
    public static WireWorkerConfig Write(string clusterId, ServedCluster served)
    {
        var front = served.View;
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"kafka-upgrade-wire-{Environment.ProcessId}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var template = System.IO.Path.Combine(directory, "broker.properties");

        // What an operator's base template holds: listeners and storage. The simulated nodes read only what decides
        // how they run (roles, ids, rack, IBP, migration flag, voters); the renderer adds those per step.
        File.WriteAllText(template, """
            # Base template for the simulated cluster's nodes (kafka-upgrade demo --wire).
            listeners=PLAINTEXT://:9092
            log.dirs=/var/lib/kafka/data
            num.partitions=1
            """);

        var hooks = System.IO.Path.Combine(AppContext.BaseDirectory, "samples", "hooks", "simulate");
        var (host, prefix) = CliCommandLine.Current();
        var commands = new Dictionary<string, object>();
        foreach (var action in new[] { "Provision", "Stop", "Start", "Restart", "Decommission", "Describe" })
        {
            commands[action] = new { Command = "/bin/bash", Arguments = new[] { System.IO.Path.Combine(hooks, $"{action.ToLowerInvariant()}.sh") }, TimeoutSeconds = 60 };
        }

        var cluster = new
        {
            Id = clusterId,
            Adapter = "kafka",
            Kafka = new
            {
                BootstrapServers = front.BrokerBootstrap,
                BootstrapControllers = front.ControllerBootstrap,
                ExpectedClusterId = front.ClusterId,
                RequestTimeoutSeconds = 10,
                MaxAttempts = 5,
            },
            Metrics = new { UrlTemplate = $"{front.Metrics}nodes/{{id}}/metrics" },
            Hooks = new
            {
                BrokerTemplateFile = template,
                Commands = commands,

                // A ZooKeeper-mode broker's server.properties names its ensemble; the simulated brokers share the
                // simulator's, so no ZooKeeper server is needed (nor used: the demo never rolls back a migration).
                ZooKeeperConnect = "127.0.0.1:2181/kafka-simulated",

                // controller.quorum.voters' addresses: the simulated controllers are reached through the front
                // (.invalid, RFC 2606: a name that resolves nowhere, so nothing else can be reached by mistake).
                ControllerAddressTemplate = "controller-{id}.simulate.invalid:9093",
                ControllerBootstrapServers = front.ControllerBootstrap,
                DefaultTimeoutSeconds = 60,

                // The workflows poll several times a second at demo speed; a describe need not run each time.
                DescribeCacheSeconds = 2,
                Environment = new Dictionary<string, string>
                {
                    ["KAFKA_UPGRADE_SIMULATE_CONTROL"] = served.Control.ToString(),
                    ["KAFKA_UPGRADE_CLI"] = string.Join(' ', prefix.Prepend(host)),
                },
            },
        };
        var path = System.IO.Path.Combine(directory, "worker.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { Clusters = new[] { cluster } }, Indented));
        return new WireWorkerConfig(directory, path);
    }

    /// <summary>Removes the folder.</summary>
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A worker may still hold a rendered file for a moment; the temporary folder is the system's to clean.
        }
    }
}
