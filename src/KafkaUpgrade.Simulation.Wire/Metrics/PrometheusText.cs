using System.Globalization;
using System.Text;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Simulation.Wire.Metrics;

/// <summary>
/// One node's metrics in Prometheus text exposition format, named as the Prometheus JMX exporter names Kafka's
/// MBeans with its Kafka rules (prometheus/jmx_exporter <c>example_configs/kafka-2_0_0.yml</c>, the base of
/// Strimzi's and most deployments' rules; <c>lowercaseOutputName: true</c>):
/// <c>kafka.X&lt;type=T, name=NPerSec&gt;&lt;&gt;Count</c> becomes <c>kafka_X_T_N_total</c> (COUNTER) and
/// <c>kafka.X&lt;type=T, name=N&gt;&lt;&gt;Value</c> becomes <c>kafka_X_T_N</c> (GAUGE). Which node reports what
/// follows Kafka: every broker its ReplicaManager and BrokerTopicMetrics; the KafkaController gauges on every
/// ZooKeeper-mode broker (values on the active controller only, ZkMigrationState = 4 "ZK") and on every KRaft
/// controller (values on the quorum leader only).
/// </summary>
internal static class PrometheusText
{
    /// <summary>Kafka's BrokerState values (org.apache.kafka.metadata.BrokerState).</summary>
    private static int BrokerState(NodeState state) => state switch
    {
        NodeState.Starting => 1,
        NodeState.Running => 3,
        NodeState.ShuttingDown => 7,
        _ => 0,
    };

    /// <summary>
    /// The node's samples, each stamped <paramref name="timestampMs"/>: the simulated instant they describe, as Unix
    /// time. Prometheus' text format allows a timestamp after the value; a real exporter leaves it out because its
    /// scrape time is the cluster's time, but a simulated clock runs at many times real time, and a rate computed
    /// over the scrapes' wall-clock interval would be that many times too high.
    /// </summary>
    public static string Render(FrontSnapshot snapshot, int nodeId, double bytesInTotal, long timestampMs)
    {
        var text = new StringBuilder();
        var stamp = timestampMs.ToString(CultureInfo.InvariantCulture);
        var state = snapshot.State;
        if (state.FindNode(nodeId) is not { } node)
        {
            return string.Empty;
        }

        if (node.IsBroker)
        {
            var led = state.AllPartitions.Where(p => p.Partition.Leader == nodeId).ToList();
            Counter(text, stamp, "kafka_server_brokertopicmetrics_bytesin_total", "kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec", bytesInTotal);
            Gauge(text, stamp, "kafka_server_replicamanager_underreplicatedpartitions", "kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions", led.Count(p => p.Partition.IsUnderReplicated));
            Gauge(text, stamp, "kafka_server_replicamanager_underminisrpartitioncount", "kafka.server:type=ReplicaManager,name=UnderMinIsrPartitionCount", led.Count(p => p.Partition.Isr.Count < p.Topic.MinInsyncReplicas));
            Gauge(text, stamp, "kafka_server_replicamanager_partitioncount", "kafka.server:type=ReplicaManager,name=PartitionCount", state.AllPartitions.Count(p => p.Partition.Replicas.Contains(nodeId)));
            Gauge(text, stamp, "kafka_server_replicamanager_leadercount", "kafka.server:type=ReplicaManager,name=LeaderCount", led.Count);
            Gauge(text, stamp, "kafka_server_kafkaserver_brokerstate", "kafka.server:type=KafkaServer,name=BrokerState", BrokerState(node.State));
        }

        var zooKeeperBroker = snapshot.IsZooKeeperBroker(nodeId);
        if (zooKeeperBroker || node.IsController)
        {
            // Each controller sets the gauge on the node holding its own role: Kafka's KafkaController (ZooKeeper
            // mode) while it is the elected /controller, QuorumController while it leads the quorum. Until the
            // KRaft controller takes /controller (PRE_MIGRATION), both a broker and the quorum leader report 1.
            var active = state.ActiveControllerId == nodeId || (zooKeeperBroker && state.ZooKeeperControllerId == nodeId);
            var offline = active ? state.AllPartitions.Count(p => p.Partition.IsOffline) : 0;
            Gauge(text, stamp, "kafka_controller_kafkacontroller_activecontrollercount", "kafka.controller:type=KafkaController,name=ActiveControllerCount", active ? 1 : 0);
            Gauge(text, stamp, "kafka_controller_kafkacontroller_offlinepartitionscount", "kafka.controller:type=KafkaController,name=OfflinePartitionsCount", offline);
            Gauge(text, stamp, "kafka_controller_kafkacontroller_globalpartitioncount", "kafka.controller:type=KafkaController,name=GlobalPartitionCount", active ? state.PartitionCount : 0);
            Gauge(text, stamp, "kafka_controller_kafkacontroller_globaltopiccount", "kafka.controller:type=KafkaController,name=GlobalTopicCount", active ? state.Topics.Count : 0);
            Gauge(text, stamp, "kafka_controller_kafkacontroller_preferredreplicaimbalancecount", "kafka.controller:type=KafkaController,name=PreferredReplicaImbalanceCount",
                active ? state.AllPartitions.Count(p => p.Partition.Leader != p.Partition.PreferredLeader) : 0);
            if (!zooKeeperBroker)
            {
                var brokers = state.Brokers.Where(b => b.State is not NodeState.Decommissioned and not NodeState.Provisioning).ToList();
                Gauge(text, stamp, "kafka_controller_kafkacontroller_activebrokercount", "kafka.controller:type=KafkaController,name=ActiveBrokerCount", active ? brokers.Count(b => b.IsRunning) : 0);
                Gauge(text, stamp, "kafka_controller_kafkacontroller_fencedbrokercount", "kafka.controller:type=KafkaController,name=FencedBrokerCount", active ? brokers.Count(b => !b.IsRunning) : 0);
                Gauge(text, stamp, "kafka_controller_kafkacontroller_migratingzkbrokercount", "kafka.controller:type=KafkaController,name=MigratingZkBrokerCount",
                    active ? snapshot.Migration?.MigratingZooKeeperBrokers.Count ?? 0 : 0);
            }

            var migrationState = zooKeeperBroker ? (int)ZkMigrationState.ZooKeeper : (int)(snapshot.Migration?.State ?? ZkMigrationState.None);
            Gauge(text, stamp, "kafka_controller_kafkacontroller_zkmigrationstate", "kafka.controller:type=KafkaController,name=ZkMigrationState", migrationState);
        }

        return text.ToString();
    }

    private static void Gauge(StringBuilder text, string stamp, string name, string mbean, double value) => Write(text, stamp, name, mbean, "gauge", value);

    private static void Counter(StringBuilder text, string stamp, string name, string mbean, double value) => Write(text, stamp, name, mbean, "counter", value);

    private static void Write(StringBuilder text, string stamp, string name, string mbean, string type, double value)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(mbean).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        text.Append(name).Append(' ').Append(value.ToString("0.###", CultureInfo.InvariantCulture)).Append(' ').Append(stamp).Append('\n');
    }
}
