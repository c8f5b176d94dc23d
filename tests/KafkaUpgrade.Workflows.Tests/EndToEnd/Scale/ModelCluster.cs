using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd.Scale;

/// <summary>
/// A cheap stand-in for a very large cluster behind the two ports, so the real activities and workflows run against
/// 100,000 partitions in seconds. The simulator visits every partition on every tick, which makes a full replacement
/// of 200 brokers take hours; this model only touches what a call changes. Its clock is the number of port calls
/// (deterministic, as activities of one upgrade run one after another), and for ISR catch-up the number of cluster
/// descriptions: see <see cref="ModelTiming"/>. Only what
/// the upgrade path 3.8 ZooKeeper to 3.9 uses is modelled; the rest throws.
/// </summary>
internal sealed class ModelCluster : IClusterAdmin, INodeProvisioner
{
    private readonly ModelTiming _timing;
    private readonly Lock _lock = new();
    private readonly string _clusterId;
    private readonly Dictionary<int, NodeInfo> _nodes = [];
    private readonly Dictionary<int, long> _due = [];
    private readonly Dictionary<int, long> _rejoinDue = [];
    private readonly List<(string Name, int MinIsr, PartitionState[] Partitions)> _topics;
    private readonly Dictionary<TopicPartition, (IReadOnlyList<int> Target, IReadOnlyList<int> Original, long Due)> _moves = [];
    private readonly Dictionary<string, int> _topicIndex;
    private string? _ibp;
    private ReplicationThrottle? _throttle;
    private long _clock;
    private long _describes;
    private ClusterState? _cached;

    public ModelCluster(ClusterState initial, ModelTiming? timing = null)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _timing = timing ?? new ModelTiming();
        _clusterId = initial.ClusterId;
        _ibp = initial.Features.InterBrokerProtocolVersion;
        foreach (var node in initial.Nodes)
        {
            _nodes[node.Id] = new NodeInfo(node.Id, node.State, new NodeConfig(node.Version, null, node.Rack, DiskCapacityBytes: node.DiskCapacityBytes), Guid.Empty);
        }

        _topics = initial.Topics.Select(t => (t.Name, t.MinInsyncReplicas, t.Partitions.ToArray())).ToList();
        _topicIndex = _topics.Select((t, i) => (t.Name, i)).ToDictionary(x => x.Name, x => x.i);
    }

    /// <summary>Port calls so far.</summary>
    public long Calls
    {
        get
        {
            lock (_lock)
            {
                return _clock;
            }
        }
    }

    public Task<ClusterState> DescribeClusterAsync(CancellationToken cancellationToken = default) => Locked(() =>
    {
        _describes++;
        Rejoin();
        return _cached ??= Build();
    });

    public Task<IReadOnlyDictionary<TopicPartition, KafkaApiException>> AlterPartitionReassignmentsAsync(
        IReadOnlyDictionary<TopicPartition, IReadOnlyList<int>?> targets, CancellationToken cancellationToken = default) => Locked<IReadOnlyDictionary<TopicPartition, KafkaApiException>>(() =>
    {
        ArgumentNullException.ThrowIfNull(targets);
        foreach (var (tp, target) in targets)
        {
            ref var partition = ref Partition(tp);
            if (target is null)
            {
                if (_moves.Remove(tp, out var cancelled))
                {
                    partition = partition with { Replicas = cancelled.Original, Isr = cancelled.Original.Where(Live).ToList() };
                }

                continue;
            }

            // KIP-455: replicas = target ++ (current - target) while the move runs.
            var original = _moves.TryGetValue(tp, out var running) ? running.Original : partition.Replicas;
            _moves[tp] = (target, original, _clock + _timing.MoveCalls);
            partition = partition with { Replicas = target.Concat(original.Except(target)).ToArray() };
        }

        _cached = null;
        return new Dictionary<TopicPartition, KafkaApiException>();
    });

    public Task<IReadOnlyList<ReassignmentState>> ListPartitionReassignmentsAsync(CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<ReassignmentState>>(() => [.. Build().InFlightReassignments]);

    public Task SetReplicationThrottleAsync(ReplicationThrottle throttle, CancellationToken cancellationToken = default) => Locked(() => _throttle = throttle);

    public Task ClearReplicationThrottleAsync(CancellationToken cancellationToken = default) => Locked(() => _throttle = null);

    // The model keeps one cluster-wide throttle, not per-broker rates: nothing to forget for one broker.
    public Task ClearBrokerReplicationThrottleAsync(int brokerId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ReplicationThrottle?> DescribeReplicationThrottleAsync(CancellationToken cancellationToken = default) => Locked(() => _throttle);

    public Task<IReadOnlyDictionary<TopicPartition, KafkaError>> ElectPreferredLeadersAsync(
        IReadOnlyCollection<TopicPartition>? partitions = null, CancellationToken cancellationToken = default) => Locked<IReadOnlyDictionary<TopicPartition, KafkaError>>(() =>
    {
        foreach (var topic in _topics)
        {
            for (var i = 0; i < topic.Partitions.Length; i++)
            {
                var p = topic.Partitions[i];
                if (p.Leader != p.PreferredLeader && p.Isr.Contains(p.PreferredLeader))
                {
                    topic.Partitions[i] = p with { Leader = p.PreferredLeader, LeaderEpoch = p.LeaderEpoch + 1 };
                }
            }
        }

        _cached = null;
        return new Dictionary<TopicPartition, KafkaError>();
    });

    public Task<IReadOnlyDictionary<int, long>> DescribeLogDirsAsync(CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyDictionary<int, long>>(() => Build().AllPartitions.SelectMany(p => p.Partition.Replicas.Select(r => (r, p.Partition.SizeBytes)))
            .GroupBy(x => x.r).ToDictionary(g => g.Key, g => g.Sum(x => x.SizeBytes)));

    public Task<IReadOnlyDictionary<int, double>> DescribeBytesInPerSecondAsync(CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyDictionary<int, double>>(() => _nodes.Keys.ToDictionary(id => id, _ => 0d));

    public Task<IReadOnlyList<ConsumerGroupLag>> DescribeConsumerGroupLagAsync(CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<ConsumerGroupLag>>(() => []);

    public Task UnregisterBrokerAsync(int brokerId, CancellationToken cancellationToken = default) => throw NotModelled();

    public Task<QuorumState> DescribeQuorumAsync(CancellationToken cancellationToken = default) => throw NotModelled();

    public Task AddRaftVoterAsync(int nodeId, Guid directoryId, CancellationToken cancellationToken = default) => throw NotModelled();

    public Task RemoveRaftVoterAsync(int nodeId, Guid directoryId, CancellationToken cancellationToken = default) => throw NotModelled();

    public Task UpdateFeaturesAsync(IReadOnlyList<FeatureUpdate> updates, bool validateOnly = false, CancellationToken cancellationToken = default) => throw NotModelled();

    public Task<MigrationStatus> DescribeMigrationAsync(CancellationToken cancellationToken = default) => throw NotModelled();

    public Task ResetZooKeeperControllerAsync(CancellationToken cancellationToken = default) => throw NotModelled();

    public Task<NodeInfo> ProvisionAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default) => Locked(() =>
    {
        ArgumentNullException.ThrowIfNull(config);
        if (_nodes.TryGetValue(nodeId, out var existing))
        {
            return existing;
        }

        _due[nodeId] = _clock + _timing.StartCalls;
        _cached = null;
        return _nodes[nodeId] = new NodeInfo(nodeId, NodeState.Starting, config, Guid.Empty);
    });

    public Task StopAsync(int nodeId, CancellationToken cancellationToken = default) => throw NotModelled();

    public Task StartAsync(int nodeId, CancellationToken cancellationToken = default) => throw NotModelled();

    public Task RestartAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default) => Locked(() =>
    {
        ArgumentNullException.ThrowIfNull(config);

        // Controlled shutdown: leadership moves to another ISR member and the node leaves every ISR.
        EachPartition(p => Hosts(p.Replicas, nodeId)
            ? p with
            {
                Isr = p.Isr.Where(r => r != nodeId).ToArray(),
                Leader = p.Leader == nodeId ? p.Isr.FirstOrDefault(r => r != nodeId, PartitionState.NoLeader) : p.Leader,
                LeaderEpoch = p.LeaderEpoch + 1,
            }
            : p);
        _nodes[nodeId] = _nodes[nodeId] with { State = NodeState.Starting, Config = config };
        _due[nodeId] = _clock + _timing.StartCalls;
        _cached = null;
    });

    public Task DecommissionAsync(int nodeId, CancellationToken cancellationToken = default) => Locked(() =>
    {
        _nodes[nodeId] = _nodes[nodeId] with { State = NodeState.Decommissioned };
        _cached = null;
    });

    public Task<NodeInfo?> DescribeNodeAsync(int nodeId, CancellationToken cancellationToken = default) =>
        Locked(() => _nodes.TryGetValue(nodeId, out var node) ? node : null);

    private static NotSupportedException NotModelled() => new("The large-cluster model only covers a 3.8 ZooKeeper to 3.9 upgrade.");

    private Task<bool> Locked(Action action) => Locked(() =>
    {
        action();
        return true;
    });

    private Task<T> Locked<T>(Func<T> action)
    {
        lock (_lock)
        {
            _clock++;
            Advance();
            return Task.FromResult(action());
        }
    }

    /// <summary>Applies everything due by now: nodes starting, nodes rejoining ISRs, moves completing.</summary>
    private void Advance()
    {
        foreach (var (id, due) in _due.Where(d => d.Value <= _clock).ToList())
        {
            _due.Remove(id);
            _nodes[id] = _nodes[id] with { State = NodeState.Running };
            _rejoinDue[id] = _describes + _timing.RejoinCalls;
            _cached = null;
        }

        foreach (var (tp, move) in _moves.Where(m => m.Value.Due <= _clock).ToList())
        {
            _moves.Remove(tp);
            ref var partition = ref Partition(tp);
            var leader = move.Target.Contains(partition.Leader) ? partition.Leader : move.Target[0];
            partition = partition with { Replicas = move.Target, Isr = move.Target, Leader = leader, LeaderEpoch = partition.LeaderEpoch + 1 };
            _cached = null;
        }
    }

    /// <summary>Nodes running again catch up and rejoin every ISR, counted in cluster descriptions (what health gates poll).</summary>
    private void Rejoin()
    {
        var rejoining = _rejoinDue.Where(d => d.Value <= _describes).Select(d => d.Key).ToHashSet();
        if (rejoining.Count == 0)
        {
            return;
        }

        foreach (var id in rejoining)
        {
            _rejoinDue.Remove(id);
        }

        // The cheap count test first: nearly every partition is fully in sync, and the replica scan is a delegate call per replica.
        EachPartition(p => p.Isr.Count < p.Replicas.Count && p.Replicas.Any(rejoining.Contains)
            ? p with { Isr = p.Replicas.Where(r => p.Isr.Contains(r) || rejoining.Contains(r)).ToArray() }
            : p);
        _ibp = LiveBrokerIbp() ?? _ibp;
        _cached = null;
    }

    /// <summary>The protocol every live broker is configured with, once they all agree.</summary>
    private string? LiveBrokerIbp()
    {
        var configured = _nodes.Values.Where(n => n.State == NodeState.Running).Select(n => n.Config.InterBrokerProtocolVersion).Distinct().ToList();
        return configured is [{ } single] ? single : null;
    }

    // Indexed: Replicas is a collection-expression list, whose LINQ Contains enumerates through the interface, for every partition.
    private static bool Hosts(IReadOnlyList<int> replicas, int nodeId)
    {
        for (var i = 0; i < replicas.Count; i++)
        {
            if (replicas[i] == nodeId)
            {
                return true;
            }
        }

        return false;
    }

    private bool Live(int id) => _nodes.TryGetValue(id, out var n) && n.State == NodeState.Running;

    private void EachPartition(Func<PartitionState, PartitionState> change)
    {
        foreach (var topic in _topics)
        {
            for (var i = 0; i < topic.Partitions.Length; i++)
            {
                // Written back only when changed: most partitions are not, and a reference store costs a write barrier.
                var before = topic.Partitions[i];
                var after = change(before);
                if (!ReferenceEquals(before, after))
                {
                    topic.Partitions[i] = after;
                }
            }
        }
    }

    private ref PartitionState Partition(TopicPartition tp)
    {
        if (!_topicIndex.TryGetValue(tp.Topic, out var index) || tp.Partition < 0 || tp.Partition >= _topics[index].Partitions.Length)
        {
            throw new KafkaApiException(KafkaError.UnknownTopicOrPartition, $"{tp} does not exist");
        }

        return ref _topics[index].Partitions[tp.Partition];
    }

    private ClusterState Build()
    {
        var nodes = _nodes.Values.OrderBy(n => n.NodeId)
            .Select(n => new ClusterNode(n.NodeId, n.Config.Rack, NodeRoles.Broker, n.Config.Version, n.State, n.Config.DiskCapacityBytes))
            .ToList();
        var topics = _topics.Select(t => new TopicState(t.Name, t.MinIsr, [.. t.Partitions])).ToList();
        var reassignments = _moves.Select(m => new ReassignmentState(m.Key, [.. m.Value.Target, .. m.Value.Original.Except(m.Value.Target)], m.Value.Target.Except(m.Value.Original).ToList(), m.Value.Original.Except(m.Value.Target).ToList())).ToList();
        var controller = nodes.FirstOrDefault(n => n.State == NodeState.Running)?.Id;
        return new ClusterState(_clusterId, MetadataMode.ZooKeeper, nodes, topics, new ClusterFeatures(null, 0, _ibp), Reassignments: reassignments, ZooKeeperControllerId: controller);
    }
}

/// <summary>How many port calls things take in a <see cref="ModelCluster"/>.</summary>
/// <param name="StartCalls">A provisioned or restarted node runs after this many calls.</param>
/// <param name="RejoinCalls">A node that runs again rejoins every ISR after this many cluster descriptions.</param>
/// <param name="MoveCalls">A reassignment completes after this many calls.</param>
internal sealed record ModelTiming(int StartCalls = 3, int RejoinCalls = 3, int MoveCalls = 6);
