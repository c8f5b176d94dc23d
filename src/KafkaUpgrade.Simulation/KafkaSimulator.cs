using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Core.Snapshots;
using KafkaUpgrade.Core.Versions;
using KafkaUpgrade.Simulation.Adapters;
using KafkaUpgrade.Simulation.Behaviour;
using KafkaUpgrade.Simulation.State;
using KafkaUpgrade.Simulation.Traffic;

namespace KafkaUpgrade.Simulation;

/// <summary>
/// An in-memory Kafka cluster that behaves like Kafka wherever the orchestrator can observe it, on a virtual clock.
/// Talk to it through <see cref="Admin"/> and <see cref="Provisioner"/> (the Core ports, as against a real cluster),
/// move time with <see cref="Step"/> (or a <see cref="SimulationDriver"/>), inject faults, and judge the run with
/// <see cref="Statistics"/>. Thread-safe: every call takes one lock, so no caller sees a state Kafka could not be in.
/// </summary>
public sealed class KafkaSimulator
{
    private readonly Lock _gate = new();
    private readonly SimCluster _cluster;

    private KafkaSimulator(SimCluster cluster)
    {
        _cluster = cluster;
        Admin = new SimulatedClusterAdmin(this);
        Provisioner = new SimulatedNodeProvisioner(this);
    }

    /// <summary>The cluster admin port.</summary>
    public IClusterAdmin Admin { get; }

    /// <summary>The simulated cluster's Kafka <c>cluster.id</c> (the snapshot's), fixed for its life as on a real cluster.</summary>
    public string ClusterId => _cluster.ClusterId;

    /// <summary>The node provisioner port.</summary>
    public INodeProvisioner Provisioner { get; }

    /// <summary>The longest simulated time one internal tick covers (<see cref="SimulationOptions.Tick"/>).</summary>
    public TimeSpan Tick => _cluster.Options.Tick;

    /// <summary>Simulated time since the start.</summary>
    public TimeSpan Now => Read(c => c.Clock.Elapsed);

    /// <summary>Loads a cluster description (validated first: a contradictory one throws naming the item).</summary>
    public static KafkaSimulator Load(ClusterState state, SimulationOptions? options = null, VersionCatalog? catalog = null) =>
        new(ClusterLoader.Load(state, options ?? new SimulationOptions(), catalog ?? VersionCatalog.Default));

    /// <summary>Loads a snapshot file (see docs/snapshot-format.md).</summary>
    public static KafkaSimulator LoadSnapshot(string path, SimulationOptions? options = null) =>
        Load(ClusterSnapshotSerializer.ReadFile(path), options);

    /// <summary>Advances simulated time by <paramref name="duration"/>, in ticks of at most <see cref="SimulationOptions.Tick"/>.</summary>
    public void Step(TimeSpan duration)
    {
        var remaining = (long)duration.TotalMilliseconds;
        var tick = Math.Max(1, (long)_cluster.Options.Tick.TotalMilliseconds);
        while (remaining > 0)
        {
            var dt = Math.Min(tick, remaining);
            lock (_gate)
            {
                Advance(dt);
            }

            remaining -= dt;
        }
    }

    /// <summary>Steps until <paramref name="condition"/> holds on the cluster, or <paramref name="timeout"/> of simulated time passed.</summary>
    /// <returns>True when the condition held.</returns>
    public bool RunUntil(Func<ClusterState, bool> condition, TimeSpan timeout, TimeSpan? step = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var end = Now + timeout;
        while (!condition(Snapshot()))
        {
            if (Now >= end)
            {
                return false;
            }

            Step(step ?? _cluster.Options.Tick);
        }

        return true;
    }

    /// <summary>The cluster as DescribeCluster shows it now.</summary>
    public ClusterState Snapshot() => Read(ClusterView.Describe);

    /// <summary>
    /// Every node the infrastructure knows (decommissioned ones included), by id, with whether its process can be
    /// reached now (up and not cut off by a network fault): what a front serving the nodes' ports needs, in one read.
    /// </summary>
    public IReadOnlyList<NodeStatus> DescribeNodes() => Read<IReadOnlyList<NodeStatus>>(c =>
        [.. c.Nodes.Values.OrderBy(n => n.Id).Select(n => new NodeStatus(n.ToNodeInfo(), n.IsServing))]);

    /// <summary>
    /// Every partition's high watermark and its consumer group's committed offset, in records of the traffic's record
    /// size (the simulator counts bytes): what ListOffsets and OffsetFetch report.
    /// </summary>
    public IReadOnlyList<PartitionOffsets> DescribeOffsets() => Read<IReadOnlyList<PartitionOffsets>>(c =>
    [
        .. c.AllPartitions.Select(p =>
        {
            var highWatermark = (long)(p.HighWatermark / c.Ledger.RecordBytes);
            var tracked = c.Ledger.IsTracked(p);
            return new PartitionOffsets(p.Id, highWatermark, tracked ? $"{p.Topic.Name}-consumers" : null, tracked ? highWatermark - c.Ledger.ConsumerLag(p) : null);
        }),
    ]);

    /// <summary>Writes the current topology as a snapshot file.</summary>
    public string WriteSnapshot() => ClusterSnapshotSerializer.Write(Snapshot());

    /// <summary>Starts producers (acks=all) and consumers; replaces any running traffic.</summary>
    public void StartTraffic(TrafficSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Write(c =>
        {
            c.Traffic = new TrafficGenerator(spec);
            c.Ledger.RecordBytes = spec.RecordBytes;
        });
    }

    /// <summary>Stops the producers.</summary>
    public void StopTraffic() => Write(c => c.Traffic = null);

    /// <summary>What the run is judged on so far (a copy).</summary>
    public SimulationStatistics Statistics => Read(c =>
    {
        var copy = new SimulationStatistics
        {
            AckedWrites = c.Statistics.AckedWrites,
            FailedWrites = c.Statistics.FailedWrites,
            LostAckedWrites = c.Statistics.LostAckedWrites,
            MinIsrViolations = c.Statistics.MinIsrViolations,
            UnsafeRemovals = c.Statistics.UnsafeRemovals,
            BytesReplicatedToNewReplicas = c.Statistics.BytesReplicatedToNewReplicas,
            ReassignmentsCompleted = c.Statistics.ReassignmentsCompleted,
        };
        foreach (var (key, value) in c.Statistics.UnwritableMsByPartition)
        {
            copy.UnwritableMsByPartition[key] = value;
        }

        copy.SafetyEvents.AddRange(c.Statistics.SafetyEvents);
        return copy;
    });

    /// <summary>Re-checks every partition: acknowledged records that no replica's log holds now (0 = nothing lost).</summary>
    public long CountLostAckedWrites() => Read(c => c.Ledger.VerifyNothingLost(c.AllPartitions));

    /// <summary>Fault: the node's process dies without a controlled shutdown; the cluster notices one session timeout later.</summary>
    public void CrashNode(int nodeId) => Write(c => NodeLifecycle.Crash(c, RequireNode(c, nodeId)));

    /// <summary>Fault: the node's network runs at <paramref name="factor"/> of its bandwidth (1 restores it).</summary>
    public void SetBandwidthFactor(int nodeId, double factor) => Write(c => RequireNode(c, nodeId).BandwidthFactor = factor);

    /// <summary>Fault: the node's next start fails with <paramref name="reason"/>.</summary>
    public void FailNextStart(int nodeId, string reason) => Write(c => RequireNode(c, nodeId).FailNextStart = reason);

    /// <summary>Fault: the node is cut off from every other node and from ZooKeeper; it is fenced one session timeout later.</summary>
    public void IsolateNode(int nodeId) => Write(c => Faults.Isolate(c, RequireNode(c, nodeId)));

    /// <summary>Ends a network isolation: the node registers again, catches up and rejoins the ISR.</summary>
    public void HealNetwork(int nodeId) => Write(c => Faults.Heal(c, RequireNode(c, nodeId)));

    /// <summary>Fault: a ZooKeeper-mode broker loses its ZooKeeper session (e.g. a long GC pause) and registers again shortly after.</summary>
    public void ExpireZooKeeperSession(int nodeId) => Write(c => Faults.ExpireZooKeeperSession(c, RequireNode(c, nodeId)));

    /// <summary>Fault: the node's log directory fills up; the broker halts and cannot start until <see cref="FreeDisk"/>.</summary>
    public void FillDisk(int nodeId) => Write(c => Faults.FillDisk(c, RequireNode(c, nodeId)));

    /// <summary>Frees space on a full disk so the node can start again.</summary>
    public void FreeDisk(int nodeId) => Write(c => Faults.FreeDisk(RequireNode(c, nodeId)));

    /// <summary>Fault: the active controller (KRaft quorum leader or ZooKeeper controller broker) loses its role; another takes over.</summary>
    /// <returns>False when there was no active controller.</returns>
    public bool FailOverController() => Write(Faults.FailOverController);

    /// <summary>
    /// Sets (or with null deletes) one broker's replication throttle rate, as an IncrementalAlterConfigs of the dynamic
    /// broker configs <c>leader/follower.replication.throttled.rate</c> does: Kafka keeps one value per broker
    /// (ReplicationQuotaManager per broker), so changing one broker leaves the others as they were.
    /// </summary>
    public void SetThrottleRate(int brokerId, long? bytesPerSecond) => Write(c => c.Throttles.SetRate(brokerId, bytesPerSecond));

    /// <summary>One broker's replication throttle rate, or null when it has none.</summary>
    public long? ThrottleRate(int brokerId) => Read(c => c.Throttles.RateOn(brokerId));

    /// <summary>
    /// Sets (or with null/empty deletes) one topic's throttled replicas, the <c>partition:broker</c> list of the topic
    /// configs <c>leader/follower.replication.throttled.replicas</c>; it stays until deleted, as in Kafka.
    /// </summary>
    public void SetThrottledReplicas(string topic, IEnumerable<(int Partition, int Broker)>? replicas) => Write(c => c.Throttles.SetReplicas(topic, replicas));

    /// <summary>The <c>partition:broker</c> entries of a topic's throttled replicas list (empty when none).</summary>
    public IReadOnlyCollection<(int Partition, int Broker)> ThrottledReplicas(string topic) => Read(c => c.Throttles.ReplicasOf(topic));

    /// <summary>
    /// Creates a topic as a client's CreateTopics with a manual replica assignment does (one replica list per partition,
    /// preferred leader first) and <c>min.insync.replicas</c> set; Kafka's refusals are thrown as
    /// <see cref="KafkaApiException"/> and change nothing. Producers (when running for every topic) write to it from the next tick.
    /// </summary>
    public void CreateTopic(string name, int minInsyncReplicas, IReadOnlyList<IReadOnlyList<int>> assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (Write(c => TopicCreation.Create(c, name, minInsyncReplicas, assignment)) is { } refused)
        {
            throw refused;
        }
    }

    /// <summary>
    /// Fault: the next admin call (of <paramref name="call"/>, the <see cref="IClusterAdmin"/> method name without
    /// "Async", or any call when null) fails as <paramref name="fault"/> says. Faults queue up, one per call.
    /// </summary>
    public void InjectAdminFault(AdminFault fault, string? call = null) => Write(c => c.AdminFaults.Add(fault, call));

    /// <summary>
    /// Fault: DescribeCluster answers from a broker's metadata cache that trails the controller by
    /// <paramref name="lag"/> of simulated time (zero ends it).
    /// </summary>
    public void SetStaleMetadata(TimeSpan lag) => Write(c => c.AdminFaults.StaleMetadataMs = (long)lag.TotalMilliseconds);

    internal T Read<T>(Func<SimCluster, T> read)
    {
        lock (_gate)
        {
            return read(_cluster);
        }
    }

    internal void Write(Action<SimCluster> write)
    {
        lock (_gate)
        {
            write(_cluster);
        }
    }

    internal T Write<T>(Func<SimCluster, T> write)
    {
        lock (_gate)
        {
            return write(_cluster);
        }
    }

    internal static SimNode RequireNode(SimCluster cluster, int nodeId) =>
        cluster.Node(nodeId) ?? throw new NodeProvisioningException(nodeId, "no such node");

    private void Advance(long dt)
    {
        var c = _cluster;
        c.Clock.Advance(dt);
        NodeLifecycle.Tick(c);
        Faults.Tick(c);
        QuorumBehaviour.Tick(c, dt);
        Migration.Tick(c);
        Leadership.HealOffline(c);
        c.Traffic?.Produce(c, dt);
        Replication.Tick(c, dt);
        Reassignments.Tick(c);
        c.Traffic?.Acknowledge(c);
        Leadership.AutoRebalance(c);
        c.AdminFaults.Record(c.NowMs, () => ClusterView.Describe(c));
    }
}
