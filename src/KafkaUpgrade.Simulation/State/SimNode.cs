using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Simulation.State;

/// <summary>What a node is doing next when its current phase ends.</summary>
internal enum PendingAction
{
    None,
    FinishProvisioning,
    FinishStart,
    FinishShutdown,
    FailRegistration,
}

/// <summary>One simulated Kafka process with its machine and disk.</summary>
internal sealed class SimNode
{
    public SimNode(int id, NodeConfig config, Guid directoryId)
    {
        Id = id;
        Config = config;
        DirectoryId = directoryId;
    }

    public int Id { get; }

    public NodeConfig Config { get; set; }

    /// <summary>Config to apply when the current shutdown finishes (a restart), then start.</summary>
    public NodeConfig? RestartWith { get; set; }

    public bool DecommissionAfterStop { get; set; }

    public NodeState State { get; set; } = NodeState.Provisioning;

    public Guid DirectoryId { get; }

    public string? FailureReason { get; set; }

    public PendingAction Pending { get; set; }

    public long PendingUntilMs { get; set; }

    /// <summary>Set by a crash: fencing happens one session timeout later.</summary>
    public long? CrashedAtMs { get; set; }

    public bool CleanShutdown { get; set; } = true;

    /// <summary>A ZooKeeper broker registered with the KRaft controller for migration.</summary>
    public bool RegisteredForMigration { get; set; }

    /// <summary>KRaft registration kept until UnregisterBroker, even after decommissioning.</summary>
    public bool KRaftRegistered { get; set; }

    /// <summary>Fault: this node's bandwidth is scaled by this factor (slow follower).</summary>
    public double BandwidthFactor { get; set; } = 1.0;

    /// <summary>Fault: the next start fails with this reason.</summary>
    public string? FailNextStart { get; set; }

    /// <summary>Fault: the process runs but no other node (nor ZooKeeper) can reach it.</summary>
    public bool Isolated { get; set; }

    /// <summary>When an isolation heals by itself (a ZooKeeper session re-established), or null until healed by hand.</summary>
    public long? IsolatedUntilMs { get; set; }

    /// <summary>Fault: the log directory is full; the process halts and cannot start until space is freed.</summary>
    public bool DiskFull { get; set; }

    /// <summary>
    /// A ZooKeeper-mode broker still running when the migration was finalized: no controller sends it
    /// LeaderAndIsr/UpdateMetadata any more, so it knows each partition only at the leader epoch it had then.
    /// </summary>
    public Dictionary<TopicPartition, int>? StrandedLeaderEpochs { get; set; }

    /// <summary>Controlled shutdown requested while no controller was active: the broker waits for one.</summary>
    public bool ShutdownAwaitsController { get; set; }

    /// <summary>Controllers: metadata log end offset and last caught-up time (DescribeQuorum).</summary>
    public long MetadataLeo { get; set; }

    public long? LastCaughtUpMs { get; set; }

    public long? LastFetchMs { get; set; }

    /// <summary>Running and reachable: an isolated process is alive but, to the cluster, as good as gone.</summary>
    public bool IsRunning => State == NodeState.Running && !Isolated;

    /// <summary>Serving: running, or in controlled shutdown (still up while leadership moves), and reachable.</summary>
    public bool IsServing => IsProcessUp && !Isolated;

    /// <summary>The process is up, whether or not the network lets anyone reach it.</summary>
    public bool IsProcessUp => State is NodeState.Running or NodeState.ShuttingDown;

    public bool IsBroker => Config.Roles.HasFlag(NodeRoles.Broker);

    public bool IsController => Config.ProcessRoles is { } roles && roles.HasFlag(NodeRoles.Controller);

    public bool IsGone => State == NodeState.Decommissioned;

    /// <summary>
    /// The controller's view: an isolated node it has already fenced is gone to the cluster (Failed) though its
    /// process still runs; before fencing, the controller does not know yet and still reports it running.
    /// </summary>
    public ClusterNode ToClusterNode() =>
        new(Id, Config.Rack, Config.Roles, Config.Version, Isolated && CrashedAtMs is null ? NodeState.Failed : State, Config.DiskCapacityBytes,
            Config.IsZooKeeperBroker ? Config.InterBrokerProtocolVersion : null);

    public NodeInfo ToNodeInfo() => new(Id, State, Config, DirectoryId, FailureReason);
}
