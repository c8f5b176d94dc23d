using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>The simulator's admin client with a fault a test switches on: named calls fail with a Kafka error no retry fixes.</summary>
internal sealed class FaultyAdmin(IClusterAdmin inner) : IClusterAdmin
{
    /// <summary>Calls (by method name) that fail while set.</summary>
    public IReadOnlySet<string>? Failing { get; set; }

    /// <summary>Calls made, by method name.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs before each call, with its method name (a test changing the cluster at the moment a step is reached).</summary>
    public Action<string>? OnCall { get; set; }

    /// <summary>The error they fail with.</summary>
    public KafkaError Error { get; set; } = KafkaError.InvalidRequest;

    public Task<ClusterState> DescribeClusterAsync(CancellationToken cancellationToken = default) { Before(nameof(DescribeClusterAsync)); return inner.DescribeClusterAsync(cancellationToken); }

    public Task<IReadOnlyDictionary<TopicPartition, KafkaApiException>> AlterPartitionReassignmentsAsync(IReadOnlyDictionary<TopicPartition, IReadOnlyList<int>?> targets, CancellationToken cancellationToken = default) { Before(nameof(AlterPartitionReassignmentsAsync)); return inner.AlterPartitionReassignmentsAsync(targets, cancellationToken); }

    public Task<IReadOnlyList<ReassignmentState>> ListPartitionReassignmentsAsync(CancellationToken cancellationToken = default) { Before(nameof(ListPartitionReassignmentsAsync)); return inner.ListPartitionReassignmentsAsync(cancellationToken); }

    public Task SetReplicationThrottleAsync(ReplicationThrottle throttle, CancellationToken cancellationToken = default) { Before(nameof(SetReplicationThrottleAsync)); return inner.SetReplicationThrottleAsync(throttle, cancellationToken); }

    public Task ClearReplicationThrottleAsync(CancellationToken cancellationToken = default) { Before(nameof(ClearReplicationThrottleAsync)); return inner.ClearReplicationThrottleAsync(cancellationToken); }

    public Task ClearBrokerReplicationThrottleAsync(int brokerId, CancellationToken cancellationToken = default) { Before(nameof(ClearBrokerReplicationThrottleAsync)); return inner.ClearBrokerReplicationThrottleAsync(brokerId, cancellationToken); }

    public Task<ReplicationThrottle?> DescribeReplicationThrottleAsync(CancellationToken cancellationToken = default) { Before(nameof(DescribeReplicationThrottleAsync)); return inner.DescribeReplicationThrottleAsync(cancellationToken); }

    public Task<IReadOnlyDictionary<TopicPartition, KafkaError>> ElectPreferredLeadersAsync(IReadOnlyCollection<TopicPartition>? partitions = null, CancellationToken cancellationToken = default) { Before(nameof(ElectPreferredLeadersAsync)); return inner.ElectPreferredLeadersAsync(partitions, cancellationToken); }

    public Task<QuorumState> DescribeQuorumAsync(CancellationToken cancellationToken = default) { Before(nameof(DescribeQuorumAsync)); return inner.DescribeQuorumAsync(cancellationToken); }

    public Task AddRaftVoterAsync(int nodeId, Guid directoryId, CancellationToken cancellationToken = default) { Before(nameof(AddRaftVoterAsync)); return inner.AddRaftVoterAsync(nodeId, directoryId, cancellationToken); }

    public Task RemoveRaftVoterAsync(int nodeId, Guid directoryId, CancellationToken cancellationToken = default) { Before(nameof(RemoveRaftVoterAsync)); return inner.RemoveRaftVoterAsync(nodeId, directoryId, cancellationToken); }

    public Task UpdateFeaturesAsync(IReadOnlyList<FeatureUpdate> updates, bool validateOnly = false, CancellationToken cancellationToken = default) { Before(nameof(UpdateFeaturesAsync)); return inner.UpdateFeaturesAsync(updates, validateOnly, cancellationToken); }

    public Task UnregisterBrokerAsync(int brokerId, CancellationToken cancellationToken = default) { Before(nameof(UnregisterBrokerAsync)); return inner.UnregisterBrokerAsync(brokerId, cancellationToken); }

    public Task<IReadOnlyDictionary<int, long>> DescribeLogDirsAsync(CancellationToken cancellationToken = default) { Before(nameof(DescribeLogDirsAsync)); return inner.DescribeLogDirsAsync(cancellationToken); }

    public Task<IReadOnlyDictionary<int, double>> DescribeBytesInPerSecondAsync(CancellationToken cancellationToken = default) { Before(nameof(DescribeBytesInPerSecondAsync)); return inner.DescribeBytesInPerSecondAsync(cancellationToken); }

    public Task<IReadOnlyList<ConsumerGroupLag>> DescribeConsumerGroupLagAsync(CancellationToken cancellationToken = default) { Before(nameof(DescribeConsumerGroupLagAsync)); return inner.DescribeConsumerGroupLagAsync(cancellationToken); }

    public Task<MigrationStatus> DescribeMigrationAsync(CancellationToken cancellationToken = default) { Before(nameof(DescribeMigrationAsync)); return inner.DescribeMigrationAsync(cancellationToken); }

    public Task ResetZooKeeperControllerAsync(CancellationToken cancellationToken = default) { Before(nameof(ResetZooKeeperControllerAsync)); return inner.ResetZooKeeperControllerAsync(cancellationToken); }

    private void Before(string call)
    {
        Calls.AddOrUpdate(call, 1, (_, n) => n + 1);
        OnCall?.Invoke(call);
        if (Failing?.Contains(call) == true)
        {
            throw new KafkaApiException(Error, $"injected failure of {call}");
        }
    }
}
