namespace KafkaUpgrade.Worker.Composition;

/// <summary>
/// Section <c>Clusters:N:Kafka</c>: how the worker reaches a real cluster. Secrets come from this configuration, the
/// environment or files it names; they never enter workflow inputs, results, history or logs.
/// </summary>
public sealed class KafkaSettings
{
    /// <summary>Broker listeners, <c>host:port[,host:port]</c> (<c>--bootstrap-server</c>).</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>Controller listeners (<c>--bootstrap-controller</c>, KIP-919): needed during a ZooKeeper migration and for the quorum's own view.</summary>
    public string? BootstrapControllers { get; set; }

    /// <summary>Kafka's <c>cluster.id</c> the binding is for (<c>kafka-cluster cluster-id</c>); every call is refused when the cluster answers with another.</summary>
    public string ExpectedClusterId { get; set; } = string.Empty;

    /// <summary>A Kafka client properties file, as Kafka's tools take with <c>--command-config</c>; the keys below override it.</summary>
    public string? CommandConfig { get; set; }

    /// <summary><c>PLAINTEXT</c>, <c>SSL</c>, <c>SASL_PLAINTEXT</c> or <c>SASL_SSL</c>.</summary>
    public string? SecurityProtocol { get; set; }

    /// <summary><c>PLAIN</c>, <c>SCRAM-SHA-256</c> or <c>SCRAM-SHA-512</c>.</summary>
    public string? SaslMechanism { get; set; }

    /// <summary>SASL user.</summary>
    public string? Username { get; set; }

    /// <summary>SASL password in the configuration itself (prefer <see cref="PasswordFile"/> or <see cref="PasswordEnvironmentVariable"/>).</summary>
    public string? Password { get; set; }

    /// <summary>File holding the SASL password (e.g. a mounted secret); trailing newline ignored.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>Environment variable holding the SASL password.</summary>
    public string? PasswordEnvironmentVariable { get; set; }

    /// <summary>PEM file of the CA that signs the brokers' certificates.</summary>
    public string? CaFile { get; set; }

    /// <summary>PEM client certificate for mutual TLS.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM private key of the client certificate.</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>Request timeout in seconds (Kafka's request.timeout.ms is 30 s).</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Attempts of a call that fails with a retriable Kafka error or a timeout.</summary>
    public int MaxAttempts { get; set; } = 5;
}

/// <summary>Section <c>Clusters:N:Metrics</c>: the nodes' JMX-exporter endpoints (see <c>KafkaUpgrade.Kafka.Metrics.MetricsOptions</c>).</summary>
public sealed class MetricsSettings
{
    /// <summary>URL of a node's metrics with <c>{host}</c>, <c>{port}</c>, <c>{id}</c>, e.g. <c>http://{host}:7071/metrics</c>.</summary>
    public string UrlTemplate { get; set; } = string.Empty;

    /// <summary>Metric names, when the exporter's rules differ from Kafka's example rules (key: BytesInTotal, ZkMigrationState, MigratingZkBrokerCount, ActiveControllerCount, BrokerState).</summary>
    public Dictionary<string, string> Names { get; set; } = [];
}
