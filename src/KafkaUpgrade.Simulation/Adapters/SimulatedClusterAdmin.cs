using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.Behaviour;

namespace KafkaUpgrade.Simulation.Adapters;

/// <summary>
/// The admin port over the simulator: every call runs under the simulator's lock and returns at once (voter changes
/// answer once committed). Injected faults (<see cref="KafkaSimulator.InjectAdminFault"/>) fail a call before or
/// after it is applied; calls that need the controller answer NOT_CONTROLLER while none is active, and time out
/// while a migration's metadata copy runs.
/// </summary>
internal sealed class SimulatedClusterAdmin(KafkaSimulator simulator) : IClusterAdmin
{
    public Task<ClusterState> DescribeClusterAsync(CancellationToken cancellationToken = default) =>
        CancellableResult.From(() => Call(nameof(DescribeClusterAsync), c => c.AdminFaults.View(ClusterView.Describe(c))), cancellationToken);

    public Task<IReadOnlyDictionary<TopicPartition, KafkaApiException>> AlterPartitionReassignmentsAsync(
        IReadOnlyDictionary<TopicPartition, IReadOnlyList<int>?> targets, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(targets);
        return Task.FromResult(Call<IReadOnlyDictionary<TopicPartition, KafkaApiException>>(nameof(AlterPartitionReassignmentsAsync), c =>
        {
            RequireController(c);
            RequireMetadataWritable(c);
            var errors = new Dictionary<TopicPartition, KafkaApiException>();
            foreach (var (partition, target) in targets.OrderBy(t => t.Key.Topic, StringComparer.Ordinal).ThenBy(t => t.Key.Partition))
            {
                if (Reassignments.Alter(c, partition, target) is { } error)
                {
                    errors[partition] = error;
                }
            }

            return errors;
        }));
    }

    public Task<IReadOnlyList<ReassignmentState>> ListPartitionReassignmentsAsync(CancellationToken cancellationToken = default) =>
        CancellableResult.From(() => Call<IReadOnlyList<ReassignmentState>>(nameof(ListPartitionReassignmentsAsync), c =>
            c.AllPartitions.Select(p => p.ToReassignmentState()).OfType<ReassignmentState>().ToList()), cancellationToken);

    public Task SetReplicationThrottleAsync(ReplicationThrottle throttle, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(throttle);
        // Kafka defines both throttled rates with atLeast(0): 0 is accepted and stops throttled replication altogether.
        if (throttle.BytesPerSecond < 0)
        {
            throw new KafkaApiException(KafkaError.InvalidConfig, $"Invalid value {throttle.BytesPerSecond} for configuration leader.replication.throttled.rate: Value must be at least 0");
        }

        Call(nameof(SetReplicationThrottleAsync), c =>
        {
            RequireMetadataWritable(c);
            c.Throttles.Set(throttle);
            return true;
        });
        return Task.CompletedTask;
    }

    public Task ClearReplicationThrottleAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Call(nameof(ClearReplicationThrottleAsync), c =>
        {
            RequireMetadataWritable(c);
            c.Throttles.Clear();
            return true;
        });
        return Task.CompletedTask;
    }

    public Task ClearBrokerReplicationThrottleAsync(int brokerId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Call(nameof(ClearBrokerReplicationThrottleAsync), c =>
        {
            RequireMetadataWritable(c);
            c.Throttles.SetRate(brokerId, null);
            return true;
        });
        return Task.CompletedTask;
    }

    public Task<ReplicationThrottle?> DescribeReplicationThrottleAsync(CancellationToken cancellationToken = default) =>
        CancellableResult.From(() => Call(nameof(DescribeReplicationThrottleAsync), c => c.Throttles.Describe()), cancellationToken);

    public Task<IReadOnlyDictionary<TopicPartition, KafkaError>> ElectPreferredLeadersAsync(
        IReadOnlyCollection<TopicPartition>? partitions = null, CancellationToken cancellationToken = default) =>
        CancellableResult.From(() => Call<IReadOnlyDictionary<TopicPartition, KafkaError>>(nameof(ElectPreferredLeadersAsync), c =>
        {
            RequireController(c);
            RequireMetadataWritable(c);
            var errors = new Dictionary<TopicPartition, KafkaError>();
            var requested = partitions?.ToList() ?? c.AllPartitions.Select(p => p.Id).ToList();
            foreach (var id in requested)
            {
                if (!c.Partitions.TryGetValue(id, out var partition))
                {
                    errors[id] = KafkaError.UnknownTopicOrPartition;
                }
                else if (partition.Leader == partition.Replicas[0])
                {
                    if (partitions is not null)
                    {
                        errors[id] = KafkaError.ElectionNotNeeded;
                    }
                }
                else if (!Leadership.ElectPreferred(c, partition))
                {
                    errors[id] = KafkaError.PreferredLeaderNotAvailable;
                }
            }

            return errors;
        }), cancellationToken);

    public Task<QuorumState> DescribeQuorumAsync(CancellationToken cancellationToken = default) =>
        CancellableResult.From(() => Call(nameof(DescribeQuorumAsync), c => ClusterView.Quorum(c) switch
        {
            null => throw new KafkaApiException(KafkaError.UnsupportedVersion, "DescribeQuorum: the cluster runs in ZooKeeper mode and has no KRaft quorum"),

            // KafkaRaftClient.handleDescribeQuorumRequest answers only from the leader; during an election there is none.
            { LeaderId: < 0 } => throw new KafkaApiException(KafkaError.NotLeaderOrFollower, "DescribeQuorum: the KRaft quorum has no leader right now (an election is running)"),
            var quorum => quorum,
        }), cancellationToken);

    // The answer comes once the VotersRecord commits (or times out) in simulated time: step the simulator meanwhile.
    public Task AddRaftVoterAsync(int nodeId, Guid directoryId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Call(nameof(AddRaftVoterAsync), c => QuorumBehaviour.AddVoter(c, nodeId, directoryId)).WaitAsync(cancellationToken);
    }

    public Task RemoveRaftVoterAsync(int nodeId, Guid directoryId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Call(nameof(RemoveRaftVoterAsync), c => QuorumBehaviour.RemoveVoter(c, nodeId, directoryId)).WaitAsync(cancellationToken);
    }

    public Task UpdateFeaturesAsync(IReadOnlyList<FeatureUpdate> updates, bool validateOnly = false, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(updates);
        Call(nameof(UpdateFeaturesAsync), c =>
        {
            Features.Update(c, updates, validateOnly);
            return true;
        });
        return Task.CompletedTask;
    }

    public Task UnregisterBrokerAsync(int brokerId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Call(nameof(UnregisterBrokerAsync), c =>
        {
            if (c.Quorum is null)
            {
                throw new KafkaApiException(KafkaError.UnsupportedVersion, "UnregisterBroker is not supported in ZooKeeper mode");
            }

            RequireController(c);

            if (c.Node(brokerId) is not { KRaftRegistered: true } node)
            {
                throw new KafkaApiException(KafkaError.BrokerIdNotRegistered, $"Broker ID {brokerId} is not currently registered");
            }

            // A live broker learns from its next heartbeat that it is no longer registered and registers again,
            // passing the same feature checks as a starting broker (NodeLifecycle.ReRegister).
            node.KRaftRegistered = false;
            foreach (var partition in c.AllPartitions.Where(p => p.Isr.Contains(brokerId) && p.Isr.Count > 1))
            {
                partition.Isr.Remove(brokerId);
                if (partition.Leader == brokerId)
                {
                    Leadership.ElectLeader(c, partition, excluding: brokerId);
                }
            }

            return true;
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<int, double>> DescribeBytesInPerSecondAsync(CancellationToken cancellationToken = default) =>
        CancellableResult.From<IReadOnlyDictionary<int, double>>(() => simulator.Read(c => c.Brokers.ToDictionary(b => b.Id, b => c.BytesInPerSecond.GetValueOrDefault(b.Id))), cancellationToken);

    public Task<IReadOnlyDictionary<int, long>> DescribeLogDirsAsync(CancellationToken cancellationToken = default) =>
        CancellableResult.From(() => simulator.Read<IReadOnlyDictionary<int, long>>(c =>
        {
            var bytes = c.Brokers.ToDictionary(b => b.Id, _ => 0L);
            foreach (var partition in c.AllPartitions)
            {
                foreach (var (node, leo) in partition.Leo.Where(kv => bytes.ContainsKey(kv.Key)))
                {
                    bytes[node] += (long)leo;
                }
            }

            return bytes;
        }), cancellationToken);

    public Task<IReadOnlyList<ConsumerGroupLag>> DescribeConsumerGroupLagAsync(CancellationToken cancellationToken = default) =>
        CancellableResult.From(() => simulator.Read<IReadOnlyList<ConsumerGroupLag>>(c =>
            c.Topics.Where(t => t.Partitions.Exists(c.Ledger.IsTracked))
                .Select(t => new ConsumerGroupLag($"{t.Name}-consumers", t.Name, t.Partitions.Sum(c.Ledger.ConsumerLag)))
                .ToList()), cancellationToken);

    public Task<MigrationStatus> DescribeMigrationAsync(CancellationToken cancellationToken = default) =>
        CancellableResult.From(() => Call(nameof(DescribeMigrationAsync), Migration.Describe), cancellationToken);

    public Task ResetZooKeeperControllerAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Call(nameof(ResetZooKeeperControllerAsync), c =>
        {
            Migration.ResetZooKeeperController(c);
            return true;
        });
        return Task.CompletedTask;
    }

    /// <summary>Runs one call under the lock with any injected fault: a time-out before it is applied, or after.</summary>
    private T Call<T>(string method, Func<State.SimCluster, T> apply)
    {
        var call = method.EndsWith("Async", StringComparison.Ordinal) ? method[..^5] : method;
        return simulator.Write(c =>
        {
            var fault = c.AdminFaults.Take(call);
            if (fault == AdminFault.TimeOut)
            {
                throw State.AdminFaults.TimedOut(call);
            }

            var result = apply(c);
            return fault == AdminFault.ResponseLost ? throw State.AdminFaults.TimedOut(call) : result;
        });
    }

    /// <summary>
    /// In PRE_MIGRATION, once the KRaft controller has claimed /controller and copies the metadata, it refuses every
    /// metadata change (QuorumController answers NOT_CONTROLLER to writes not flagged to run in pre-migration, see
    /// <c>testNoMetadataChangesInPreMigrationMode</c>); the admin client retries until its timeout.
    /// </summary>
    private static void RequireMetadataWritable(State.SimCluster cluster)
    {
        if (cluster.Migration == ZkMigrationState.PreMigration && cluster.KRaftOwnsZooKeeperController)
        {
            throw new KafkaApiException(KafkaError.RequestTimedOut,
                "Timed out: the controller is in pre-migration mode and accepts no metadata change until the ZooKeeper metadata is copied (NOT_CONTROLLER, retried)");
        }
    }

    private static void RequireController(State.SimCluster cluster)
    {
        if (!cluster.HasActiveController)
        {
            throw new KafkaApiException(KafkaError.NotController, "No active controller: the request cannot be served until one is elected");
        }
    }
}
