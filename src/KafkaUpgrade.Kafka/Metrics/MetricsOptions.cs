namespace KafkaUpgrade.Kafka.Metrics;

/// <summary>
/// Where each node's metrics are and what they are called. Kafka publishes what the admin API cannot tell
/// (produce rate, ZkMigrationState, offline log dirs) only as JMX MBeans; operators expose them with the
/// Prometheus JMX exporter, whose names depend on its rules, so the names are configurable. The defaults are the names
/// the exporter gives with its Kafka rules (prometheus/jmx_exporter <c>example_configs/kafka-2_0_0.yml</c>, the base
/// of Strimzi's and most deployments' rules, <c>lowercaseOutputName: true</c>): a meter
/// <c>kafka.X:type=T,name=NPerSec</c> becomes the counter <c>kafka_X_T_N_total</c>, a gauge
/// <c>kafka.X:type=T,name=N</c> becomes <c>kafka_X_T_N</c>.
/// </summary>
public sealed record MetricsOptions
{
    /// <summary>
    /// URL of a node's metrics, with placeholders <c>{host}</c> and <c>{port}</c> (the node's Kafka listener as it
    /// advertises it) and <c>{id}</c> (node id), e.g. <c>http://{host}:7071/metrics</c>.
    /// </summary>
    public required string UrlTemplate { get; init; }

    /// <summary>
    /// Bytes produced so far, the counter of <c>kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec</c>; the rate is
    /// its increase between two scrapes (Prometheus' <c>rate()</c>), over the samples' own timestamps when the
    /// exporter writes them, else over the time between the scrapes.
    /// </summary>
    public string BytesInTotal { get; init; } = "kafka_server_brokertopicmetrics_bytesin_total";

    /// <summary>Shortest time between the two scrapes a rate is computed from.</summary>
    public TimeSpan RateWindow { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary><c>kafka.controller:type=KafkaController,name=ZkMigrationState</c> (0 NONE, 1 MIGRATION, 2 PRE_MIGRATION, 3 POST_MIGRATION, 4 ZK).</summary>
    public string ZkMigrationState { get; init; } = "kafka_controller_kafkacontroller_zkmigrationstate";

    /// <summary><c>kafka.controller:type=KafkaController,name=MigratingZkBrokerCount</c>.</summary>
    public string MigratingZkBrokerCount { get; init; } = "kafka_controller_kafkacontroller_migratingzkbrokercount";

    /// <summary><c>kafka.controller:type=KafkaController,name=ActiveControllerCount</c>: 1 on the active controller.</summary>
    public string ActiveControllerCount { get; init; } = "kafka_controller_kafkacontroller_activecontrollercount";

    /// <summary><c>kafka.server:type=KafkaServer,name=BrokerState</c> (org.apache.kafka.metadata.BrokerState: 3 RUNNING).</summary>
    public string BrokerState { get; init; } = "kafka_server_kafkaserver_brokerstate";

    /// <summary>How long one scrape may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
