using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Core.Versions;

namespace KafkaUpgrade.Simulation.State;

/// <summary>All mutable simulator state. Guarded by <see cref="KafkaSimulator"/>'s lock; behaviours operate on it.</summary>
internal sealed class SimCluster
{
    public SimCluster(string clusterId, SimulationOptions options, VersionCatalog catalog)
    {
        ClusterId = clusterId;
        Options = options;
        Catalog = catalog;
        Random = new Random(options.Seed);
        Ledger = new Traffic.AckedWriteLedger(Statistics);
    }

    public string ClusterId { get; }

    public SimulationOptions Options { get; }

    public VersionCatalog Catalog { get; }

    public Random Random { get; }

    public VirtualClock Clock { get; } = new();

    public long NowMs => Clock.NowMs;

    private readonly SortedDictionary<int, SimNode> _nodes = [];

    // Hash lookups for the per-tick hot paths (Node(id) runs several times per partition per tick).
    private readonly Dictionary<int, SimNode> _nodeIndex = [];

    /// <summary>Every node ever provisioned, by id (decommissioned ones included), in id order.</summary>
    public IReadOnlyDictionary<int, SimNode> Nodes => _nodes;

    public List<SimTopic> Topics { get; } = [];

    public Dictionary<Core.Model.TopicPartition, SimPartition> Partitions { get; } = [];

    public SimQuorum? Quorum { get; set; }

    /// <summary>ZooKeeper mode: the controller broker; null when none (or when a KRaft controller holds the role).</summary>
    public int? ZooKeeperControllerId { get; set; }

    /// <summary>True while KRaft controllers own the ZooKeeper /controller znode (migration, until reset).</summary>
    public bool KRaftOwnsZooKeeperController { get; set; }

    public ZkMigrationState Migration { get; set; } = ZkMigrationState.ZooKeeper;

    public long? MigrationCopyDoneAtMs { get; set; }

    public string? MigrationMessage { get; set; }

    /// <summary>Finalized <c>metadata.version</c> (KRaft and migration), null in ZooKeeper mode.</summary>
    public int? MetadataVersionLevel { get; set; }

    public int KraftVersion { get; set; }

    public ThrottleConfigs Throttles { get; } = new();

    public AdminFaults AdminFaults { get; } = new();

    public long NextAutoRebalanceMs { get; set; }

    public SimulationStatistics Statistics { get; } = new();

    /// <summary>Produce bytes per second per leader broker over the last tick (the BytesInPerSec metric).</summary>
    public Dictionary<int, double> BytesInPerSecond { get; } = [];

    public Traffic.AckedWriteLedger Ledger { get; private set; } = null!;

    public Traffic.TrafficGenerator? Traffic { get; set; }

    public IEnumerable<SimNode> LiveNodes => Nodes.Values.Where(n => !n.IsGone);

    public IEnumerable<SimNode> Brokers => LiveNodes.Where(n => n.IsBroker);

    public IEnumerable<SimNode> Controllers => LiveNodes.Where(n => n.IsController);

    public IEnumerable<SimPartition> AllPartitions => Topics.SelectMany(t => t.Partitions);

    public bool IsKRaftCluster => Migration is ZkMigrationState.None or ZkMigrationState.PostMigration;

    public SimNode? Node(int id) => _nodeIndex.GetValueOrDefault(id);

    /// <summary>Adds a node, or replaces a decommissioned one that had the same id.</summary>
    public void SetNode(SimNode node)
    {
        _nodes[node.Id] = node;
        _nodeIndex[node.Id] = node;
    }

    /// <summary>Who elects partition leaders now: a KRaft quorum leader, or the ZooKeeper controller broker.</summary>
    public bool HasActiveController =>
        KRaftOwnsZooKeeperController || IsKRaftCluster
            ? Quorum is { LeaderId: >= 0 }
            : ZooKeeperControllerId is { } id && Node(id) is { IsServing: true };
}
