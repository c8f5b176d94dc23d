using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.Behaviour;

namespace KafkaUpgrade.Simulation.Adapters;

/// <summary>The admin port over the simulator: every call runs under the simulator's lock and returns at once.</summary>
internal sealed class SimulatedClusterAdmin(KafkaSimulator simulator) : IClusterAdmin
{
    public Task<ClusterState> DescribeClusterAsync(CancellationToken cancellationToken = default) =>
        CancellableResult.From(() => simulator.Read(ClusterView.Describe), cancellationToken);

    public Task<IReadOnlyDictionary<TopicPartition, KafkaApiException>> AlterPartitionReassignmentsAsync(
        IReadOnlyDictionary<TopicPartition, IReadOnlyList<int>?> targets, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(targets);
        return Task.FromResult(simulator.Read<IReadOnlyDictionary<TopicPartition, KafkaApiException>>(c =>
        {
            RequireController(c);
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
        CancellableResult.From(() => simulator.Read<IReadOnlyList<ReassignmentState>>(c =>
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

        simulator.Write(c => c.Throttle = throttle with { Brokers = throttle.Brokers.ToHashSet(), Replicas = throttle.Replicas.ToHashSet() });
        return Task.CompletedTask;
    }

    public Task ClearReplicationThrottleAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        simulator.Write(c => c.Throttle = null);
        return Task.CompletedTask;
    }

    public Task<ReplicationThrottle?> DescribeReplicationThrottleAsync(CancellationToken cancellationToken = default) =>
        CancellableResult.From(() => simulator.Read(c => c.Throttle), cancellationToken);

    public Task<IReadOnlyDictionary<TopicPartition, KafkaError>> ElectPreferredLeadersAsync(
        IReadOnlyCollection<TopicPartition>? partitions = null, CancellationToken cancellationToken = default) =>
        CancellableResult.From(() => simulator.Read<IReadOnlyDictionary<TopicPartition, KafkaError>>(c =>
        {
            RequireController(c);
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
        CancellableResult.From(() => simulator.Read(c => ClusterView.Quorum(c)
            ?? throw new KafkaApiException(KafkaError.UnsupportedVersion, "DescribeQuorum: the cluster runs in ZooKeeper mode and has no KRaft quorum")), cancellationToken);

    public Task AddRaftVoterAsync(int nodeId, Guid directoryId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        simulator.Write(c => QuorumBehaviour.AddVoter(c, nodeId, directoryId));
        return Task.CompletedTask;
    }

    public Task RemoveRaftVoterAsync(int nodeId, Guid directoryId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        simulator.Write(c => QuorumBehaviour.RemoveVoter(c, nodeId, directoryId));
        return Task.CompletedTask;
    }

    public Task UpdateFeaturesAsync(IReadOnlyList<FeatureUpdate> updates, bool validateOnly = false, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(updates);
        simulator.Write(c => Features.Update(c, updates, validateOnly));
        return Task.CompletedTask;
    }

    public Task UnregisterBrokerAsync(int brokerId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        simulator.Write(c =>
        {
            if (c.Quorum is null)
            {
                throw new KafkaApiException(KafkaError.UnsupportedVersion, "UnregisterBroker is not supported in ZooKeeper mode");
            }

            if (c.Node(brokerId) is not { KRaftRegistered: true } node)
            {
                throw new KafkaApiException(KafkaError.BrokerIdNotRegistered, $"Broker ID {brokerId} is not currently registered");
            }

            node.KRaftRegistered = false;
            foreach (var partition in c.AllPartitions.Where(p => p.Isr.Contains(brokerId) && p.Isr.Count > 1))
            {
                partition.Isr.Remove(brokerId);
                if (partition.Leader == brokerId)
                {
                    Leadership.ElectLeader(c, partition, excluding: brokerId);
                }
            }
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
        CancellableResult.From(() => simulator.Read(Migration.Describe), cancellationToken);

    public Task ResetZooKeeperControllerAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        simulator.Write(Migration.ResetZooKeeperController);
        return Task.CompletedTask;
    }

    private static void RequireController(State.SimCluster cluster)
    {
        if (!cluster.HasActiveController)
        {
            throw new KafkaApiException(KafkaError.NotController, "No active controller: the request cannot be served until one is elected");
        }
    }
}
