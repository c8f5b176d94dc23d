using KafkaUpgrade.Activities;
using KafkaUpgrade.Kafka.Admin;
using KafkaUpgrade.Kafka.Client;
using KafkaUpgrade.Kafka.Connection;
using KafkaUpgrade.Kafka.Metrics;
using KafkaUpgrade.Kafka.Versions;
using KafkaUpgrade.Provisioning.Hooks;
using KafkaUpgrade.ZooKeeper;
using KafkaUpgrade.ZooKeeper.Kafka;
using Serilog;
using Temporalio.Activities;

namespace KafkaUpgrade.Worker.Composition;

/// <summary>
/// Binds a cluster to the <c>kafka</c> adapter: our Kafka admin client (bootstrap servers and controllers, SASL/TLS),
/// the nodes' metrics, command-hook provisioning cross-checked with what nodes advertise, and ZooKeeper for a
/// migration rollback. Every setting is checked before anything connects; a bad one is an
/// <see cref="InvalidOperationException"/> naming its key (the host exits 2).
/// </summary>
internal static class KafkaBinding
{
    public static (ClusterConnection Connection, IAsyncDisposable Resources) Create(ClusterSettings cluster, int index)
    {
        var key = $"Clusters:{index}";
        var kafka = cluster.Kafka ?? throw Bad($"{key}:Kafka is missing (cluster '{cluster.Id}' uses adapter 'kafka')");
        if (string.IsNullOrWhiteSpace(kafka.ExpectedClusterId))
        {
            throw Bad($"{key}:Kafka:ExpectedClusterId is empty: give the Kafka cluster id this binding is for (kafka-cluster cluster-id), so a re-pointed bootstrap is refused");
        }

        var options = ClientOptions(kafka, $"{key}:Kafka");
        var hooks = cluster.Hooks ?? throw Bad($"{key}:Hooks is missing: the kafka adapter provisions nodes through command hooks");
        hooks.ClusterId = string.IsNullOrEmpty(hooks.ClusterId) ? cluster.Id : hooks.ClusterId;
        hooks.KafkaClusterId ??= kafka.ExpectedClusterId;
        var problems = hooks.Validate($"{key}:Hooks");
        if (problems.Count > 0)
        {
            throw Bad(string.Join("; ", problems));
        }

        MetricsOptions? metrics = null;
        if (cluster.Metrics is { } m)
        {
            metrics = MetricsOf(m, $"{key}:Metrics");
        }

        var log = Log.ForContext("Cluster", cluster.Id);
        CommandHookProvisioner provisioner;
        try
        {
            provisioner = new CommandHookProvisioner(hooks, log, new HeartbeatProgress());
        }
        catch (ArgumentException ex)
        {
            throw Bad($"{key}:Hooks: {ex.Message}");
        }

        var client = new KafkaClusterClient(cluster.Id, kafka.ExpectedClusterId, options, new ProtocolConnector(options), log);
        var admin = new KafkaClusterAdmin(client, new KafkaAdminOptions
        {
            Binding = cluster.Id,
            ExpectedClusterId = kafka.ExpectedClusterId,
            DescribeNode = provisioner.DescribeNodeAsync,
            Metrics = metrics,
            ResetZooKeeperController = cluster.ZooKeeperConnect is { Length: > 0 } zk ? token => ResetAsync(zk, log, token) : null,
            ReadZooKeeperController = cluster.ZooKeeperConnect is { Length: > 0 } zkRead ? token => ReadControllerAsync(zkRead, token) : null,
        }, log);
        var checkedProvisioner = new VersionCheckingProvisioner(provisioner, admin.ListenerOfAsync, admin);
        log.Information("Cluster {Cluster} bound to Kafka: {Connection}; metrics {Metrics}", cluster.Id, options.ToString(), metrics?.UrlTemplate ?? "none");
        return (new ClusterConnection(admin, checkedProvisioner, kafka.ExpectedClusterId), admin);
    }

    private static KafkaClientOptions ClientOptions(KafkaSettings kafka, string key)
    {
        KafkaClientOptions options;
        try
        {
            var bootstrap = CommandConfig.Split(kafka.BootstrapServers);
            var controllers = CommandConfig.Split(kafka.BootstrapControllers);
            options = kafka.CommandConfig is { Length: > 0 } file
                ? CommandConfig.Load(File.Exists(file) ? file : throw Bad($"{key}:CommandConfig '{file}' does not exist"), bootstrap, controllers)
                : new KafkaClientOptions { BootstrapServers = bootstrap, BootstrapControllers = controllers };
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IOException)
        {
            throw Bad($"{key}:CommandConfig: {ex.Message}");
        }

        try
        {
            options = options with
            {
                Protocol = kafka.SecurityProtocol is { } p ? ParseProtocol(p) : options.Protocol,
                Mechanism = kafka.SaslMechanism is { } m ? CommandConfig.ParseMechanism(m) : options.Mechanism,
                Username = kafka.Username ?? options.Username,
                Password = Password(kafka, key) ?? options.Password,
                CaFile = kafka.CaFile ?? options.CaFile,
                ClientCertificateFile = kafka.ClientCertificateFile ?? options.ClientCertificateFile,
                ClientKeyFile = kafka.ClientKeyFile ?? options.ClientKeyFile,
                RequestTimeout = kafka.RequestTimeoutSeconds is > 0 and <= 600 ? TimeSpan.FromSeconds(kafka.RequestTimeoutSeconds) : throw Bad($"{key}:RequestTimeoutSeconds must be 1-600, was {kafka.RequestTimeoutSeconds}"),
                MaxAttempts = kafka.MaxAttempts is > 0 and <= 20 ? kafka.MaxAttempts : throw Bad($"{key}:MaxAttempts must be 1-20, was {kafka.MaxAttempts}"),
            };
            if (options.BootstrapServers.Count == 0)
            {
                throw Bad($"{key}:BootstrapServers is empty (host:port[,host:port])");
            }

            options.Validate();
        }
        catch (FormatException ex)
        {
            throw Bad($"{key}: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            throw Bad($"{key}: {ex.Message}");
        }

        return options;
    }

    private static string? Password(KafkaSettings kafka, string key)
    {
        if (kafka.PasswordFile is { Length: > 0 } file)
        {
            return File.Exists(file) ? File.ReadAllText(file).TrimEnd('\r', '\n') : throw Bad($"{key}:PasswordFile '{file}' does not exist");
        }

        if (kafka.PasswordEnvironmentVariable is { Length: > 0 } variable)
        {
            return Environment.GetEnvironmentVariable(variable) ?? throw Bad($"{key}:PasswordEnvironmentVariable names {variable}, which is not set");
        }

        return kafka.Password;
    }

    private static SecurityProtocol ParseProtocol(string text) => text.ToUpperInvariant() switch
    {
        "PLAINTEXT" => SecurityProtocol.Plaintext,
        "SSL" => SecurityProtocol.Ssl,
        "SASL_PLAINTEXT" => SecurityProtocol.SaslPlaintext,
        "SASL_SSL" => SecurityProtocol.SaslSsl,
        _ => throw new FormatException($"SecurityProtocol '{text}' is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"),
    };

    private static MetricsOptions MetricsOf(MetricsSettings settings, string key)
    {
        if (string.IsNullOrWhiteSpace(settings.UrlTemplate))
        {
            throw Bad($"{key}:UrlTemplate is empty (e.g. http://{{host}}:7071/metrics); remove the Metrics section to run without metrics");
        }

        var options = new MetricsOptions { UrlTemplate = settings.UrlTemplate };
        foreach (var (name, value) in settings.Names)
        {
            options = name switch
            {
                nameof(MetricsOptions.BytesInTotal) => options with { BytesInTotal = value },
                nameof(MetricsOptions.ZkMigrationState) => options with { ZkMigrationState = value },
                nameof(MetricsOptions.MigratingZkBrokerCount) => options with { MigratingZkBrokerCount = value },
                nameof(MetricsOptions.ActiveControllerCount) => options with { ActiveControllerCount = value },
                nameof(MetricsOptions.BrokerState) => options with { BrokerState = value },
                _ => throw Bad($"{key}:Names:{name} is not a metric the adapter reads (BytesInTotal, ZkMigrationState, MigratingZkBrokerCount, ActiveControllerCount, BrokerState)"),
            };
        }

        try
        {
            using var http = new HttpClient();
            _ = new NodeMetricsScraper("check", options, http);
        }
        catch (FormatException ex)
        {
            throw Bad($"{key}: {ex.Message}");
        }

        return options;
    }

    private static async Task ResetAsync(string connect, ILogger log, CancellationToken cancellationToken)
    {
        var client = await ZooKeeperClient.ConnectAsync(connect, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (client.ConfigureAwait(false))
        {
            var result = await new KafkaZooKeeper(client).DeleteControllerAndMigrationAsync(cancellationToken).ConfigureAwait(false);
            log.Information("Deleted /controller and /migration in ZooKeeper ({Deleted} znodes)", result.NodesDeleted);
        }
    }

    // A session per read: it is asked only while every live broker runs in ZooKeeper mode with bootstrap controllers
    // configured (the migration's start and its rollback), once per look at the cluster.
    private static async Task<ZooKeeperControllerHolder?> ReadControllerAsync(string connect, CancellationToken cancellationToken)
    {
        var client = await ZooKeeperClient.ConnectAsync(connect, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (client.ConfigureAwait(false))
        {
            var controller = await new KafkaZooKeeper(client).ReadControllerAsync(cancellationToken).ConfigureAwait(false);
            return controller is null ? null : new ZooKeeperControllerHolder(controller.BrokerId, controller.IsKRaftController);
        }
    }

    private static InvalidOperationException Bad(string message) => new(message);

    /// <summary>Hook progress as activity heartbeats (already redacted by the provisioner), so a long hook is not taken for a dead worker.</summary>
    private sealed class HeartbeatProgress : IProgress<HookProgress>
    {
        public void Report(HookProgress value)
        {
            if (ActivityExecutionContext.HasCurrent)
            {
                ActivityExecutionContext.Current.Heartbeat($"{value.Action} node {value.NodeId}: {value.Elapsed.TotalSeconds:0}s {value.LastOutput}");
            }
        }
    }
}
