namespace KafkaUpgrade.Simulation.Wire.Versions;

/// <summary>
/// Which of Kafka's request planes a port serves: the <c>"listeners"</c> of Kafka's message schemas
/// (<c>clients/src/main/resources/common/message/*Request.json</c>). A ZooKeeper-mode broker answers only the APIs
/// marked <c>zkBroker</c>, a KRaft broker those marked <c>broker</c>, a KRaft controller's listener those marked
/// <c>controller</c> (what <c>--bootstrap-controller</c> reaches, KIP-919).
/// </summary>
public enum ListenerKind
{
    /// <summary>A broker in ZooKeeper mode (no <c>process.roles</c>).</summary>
    ZkBroker,

    /// <summary>A KRaft broker's client listener.</summary>
    Broker,

    /// <summary>A KRaft controller's listener (<c>controller.listener.names</c>).</summary>
    Controller,
}
