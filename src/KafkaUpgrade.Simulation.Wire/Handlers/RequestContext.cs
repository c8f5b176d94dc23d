using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Schema;
using KafkaUpgrade.Simulation.Wire.Versions;

namespace KafkaUpgrade.Simulation.Wire.Handlers;

/// <summary>One request being answered: which node and listener got it, as which release, and the cluster at that instant.</summary>
internal sealed record RequestContext(
    WireFront Front,
    FrontSnapshot Snapshot,
    int NodeId,
    ListenerKind Listener,
    KafkaVersion NodeVersion,
    ApiDefinition Api,
    short Version,
    KafkaStruct Request)
{
    public ClusterState State => Snapshot.State;

    public KafkaSimulator Simulator => Front.Simulator;

    public KafkaStruct NewResponse() => Api.NewResponse();

    /// <summary>
    /// True when this node is the active controller: on a ZooKeeper broker, holding /controller (during a migration
    /// until the KRaft controller claims it, KIP-866: the state then names no ZooKeeper controller); otherwise the
    /// KRaft quorum leader.
    /// </summary>
    public bool IsActiveController => Listener == ListenerKind.ZkBroker ? State.ZooKeeperControllerId == NodeId : State.ActiveControllerId == NodeId;

    /// <summary>
    /// Requests that change or read controller state: on a KRaft broker they are forwarded to the controller (KIP-590),
    /// and so on a ZooKeeper broker run with <c>zookeeper.metadata.migration.enable</c> (KIP-866: migration mode
    /// forwards, which is how clients reach the KRaft controller once it holds /controller, as Metadata then names a
    /// random live broker); another ZooKeeper broker or a KRaft controller that is not the active one answers NOT_CONTROLLER.
    /// </summary>
    public bool MustRefuseAsNotController => Listener switch
    {
        ListenerKind.Broker => !State.ActiveControllerId.HasValue,
        ListenerKind.ZkBroker when Snapshot.Nodes.TryGetValue(NodeId, out var node) && node.Info.Config.ZooKeeperMigrationEnabled => !State.ActiveControllerId.HasValue,
        _ => !IsActiveController,
    };

    /// <summary>Simulated time as wall-clock milliseconds (the front's start plus simulated time), for the timestamps Kafka reports.</summary>
    public long WallClockMs(long simulatedMs) => Front.StartedAtUnixMs + simulatedMs;
}
