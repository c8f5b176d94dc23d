using System.Collections.Concurrent;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace KafkaUpgrade.Provisioning.Hooks.Tests;

/// <summary>A temp "machine" directory, the test hooks, a broker template with secrets, and a log that remembers everything.</summary>
internal sealed class HookFixture : IDisposable
{
    public const string KeystorePassword = "k3ystore-s3cret";
    public const string JaasPassword = "j4as-pa55word";

    public HookFixture()
    {
        Directory.CreateDirectory(MachineDir);
        File.WriteAllText(BrokerTemplate, $"""
            listeners=PLAINTEXT://:9092
            log.dirs=/var/lib/kafka/data
            ssl.keystore.location=/etc/kafka/keystore.jks
            ssl.keystore.password={KeystorePassword}
            sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="{JaasPassword}";
            """);
        File.WriteAllText(ControllerTemplate, "listeners=CONTROLLER://:9093\nmetadata.log.dir=/var/lib/kafka/meta\n");
        Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(Sink).CreateLogger();
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"hooks-tests-{Guid.NewGuid():N}");

    public string MachineDir => Path.Combine(Root, "machine");

    public string WorkDir => Path.Combine(Root, "work");

    public string BrokerTemplate => Path.Combine(Root, "broker.properties");

    public string ControllerTemplate => Path.Combine(Root, "controller.properties");

    public MemorySink Sink { get; } = new();

    public ILogger Logger { get; }

    public static string Hook(string name) => Path.Combine(AppContext.BaseDirectory, "hooks", name);

    public static HookCommandOptions Bash(string script, params string[] arguments) =>
        new() { Command = "/bin/bash", Arguments = [Hook(script), .. arguments] };

    /// <summary>Every action on machine.sh, with the node id and the version as arguments.</summary>
    public HookProvisionerOptions Options(Action<HookCommandsOptions>? change = null)
    {
        var commands = new HookCommandsOptions
        {
            Provision = Bash("machine.sh", "provision", "{nodeId}", "{version}"),
            Stop = Bash("machine.sh", "stop", "{nodeId}"),
            Start = Bash("machine.sh", "start", "{nodeId}"),
            Restart = Bash("machine.sh", "restart", "{nodeId}", "{version}"),
            Decommission = Bash("machine.sh", "decommission", "{nodeId}"),
            Describe = Bash("machine.sh", "describe", "{nodeId}"),
        };
        change?.Invoke(commands);
        return new HookProvisionerOptions
        {
            ClusterId = "prod-eu-1",
            KafkaClusterId = "Sfr7YvlkRHSHrmSrwq9mug",
            Commands = commands,
            BrokerTemplateFile = BrokerTemplate,
            ControllerTemplateFile = ControllerTemplate,
            ZooKeeperConnect = "zk1:2181/kafka",
            ControllerAddressTemplate = "ctl-{id}.example:9093",
            ControllerBootstrapServers = "controllers.example:9093",
            WorkDirectory = WorkDir,
            DefaultTimeoutSeconds = 30,
            ProgressIntervalSeconds = 1,
            Environment = new Dictionary<string, string> { ["MACHINE_DIR"] = MachineDir },
        };
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    internal sealed class MemorySink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public IReadOnlyList<LogEvent> Events => [.. _events];

        /// <summary>Every message and property value, as a reader of the logs would see them.</summary>
        public string AllText => string.Join("\n", Events.Select(e => e.RenderMessage() + " " + string.Join(" ", e.Properties.Values.Select(v => v.ToString()))));

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
    }
}
