namespace KafkaUpgrade.Kafka.Metrics;

/// <summary>
/// Where each node's metrics are and what they are called. Kafka publishes what the admin API cannot tell
/// (produce rate, ZkMigrationState, offline log dirs) only as JMX MBeans; operators expose them with the
/// Prometheus JMX exporter, whose names depend on its rules, so the names are configurable. The defaults are the
/// exporter's default format without rules (<c>domain_type_attribute{name="..."}</c>).
/// </summary>
public sealed record MetricsOptions
{
    /// <summary>
    /// URL of a node's metrics, with placeholders <c>{host}</c> and <c>{port}</c> (the node's Kafka listener as it
    /// advertises it) and <c>{id}</c> (node id), e.g. <c>http://{host}:7071/metrics</c>.
    /// </summary>
    public required string UrlTemplate { get; init; }

    /// <summary>Produce rate in bytes per second: <c>kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec</c>, one-minute rate.</summary>
    public string BytesInPerSecond { get; init; } = "kafka_server_BrokerTopicMetrics_OneMinuteRate{name=\"BytesInPerSec\"}";

    /// <summary><c>kafka.controller:type=KafkaController,name=ZkMigrationState</c> (0 NONE, 1 MIGRATION, 2 PRE_MIGRATION, 3 POST_MIGRATION, 4 ZK).</summary>
    public string ZkMigrationState { get; init; } = "kafka_controller_KafkaController_Value{name=\"ZkMigrationState\"}";

    /// <summary><c>kafka.controller:type=KafkaController,name=MigratingZkBrokerCount</c>.</summary>
    public string MigratingZkBrokerCount { get; init; } = "kafka_controller_KafkaController_Value{name=\"MigratingZkBrokerCount\"}";

    /// <summary><c>kafka.controller:type=KafkaController,name=ActiveControllerCount</c>: 1 on the active controller.</summary>
    public string ActiveControllerCount { get; init; } = "kafka_controller_KafkaController_Value{name=\"ActiveControllerCount\"}";

    /// <summary><c>kafka.log:type=LogManager,name=OfflineLogDirectoryCount</c>: a broker with failed log dirs is not healthy.</summary>
    public string OfflineLogDirectoryCount { get; init; } = "kafka_log_LogManager_Value{name=\"OfflineLogDirectoryCount\"}";

    /// <summary>How long one scrape may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
