using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Ports;

/// <summary>
/// What a Kafka admin client can do, as the orchestrator needs it. Implemented by the simulator and by the real
/// Kafka adapter. Every call is safe to repeat (activities retry after a crash), refusals throw
/// <see cref="KafkaApiException"/> with Kafka's error, and a refused call changes nothing.
/// </summary>
public interface IClusterAdmin
{
    /// <summary>The whole observable cluster: nodes, metadata mode, features, quorum, topics, reassignments (DescribeCluster + DescribeTopicPartitions + DescribeQuorum + DescribeFeatures + ListPartitionReassignments).</summary>
    Task<ClusterState> DescribeClusterAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts, replaces or (with a null target) cancels partition reassignments (KIP-455). Returns an error per
    /// partition that Kafka refused; the others were accepted. Submitting the target a partition is already moving
    /// to is accepted and changes nothing.
    /// </summary>
    Task<IReadOnlyDictionary<TopicPartition, KafkaApiException>> AlterPartitionReassignmentsAsync(
        IReadOnlyDictionary<TopicPartition, IReadOnlyList<int>?> targets, CancellationToken cancellationToken = default);

    /// <summary>Reassignments in flight (ListPartitionReassignments).</summary>
    Task<IReadOnlyList<ReassignmentState>> ListPartitionReassignmentsAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets the replication throttle (Kafka's leader/follower <c>replication.throttled.rate</c> and throttled replicas).</summary>
    Task SetReplicationThrottleAsync(ReplicationThrottle throttle, CancellationToken cancellationToken = default);

    /// <summary>Removes every replication throttle (as <c>kafka-reassign-partitions --verify</c> does when done).</summary>
    Task ClearReplicationThrottleAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the throttle rates set on one broker, which is about to be retired: Kafka keeps a broker id's dynamic
    /// configs after the broker is gone, where nothing can reach them (they are changed through that broker), and a
    /// broker that later takes the id would start throttled.
    /// </summary>
    Task ClearBrokerReplicationThrottleAsync(int brokerId, CancellationToken cancellationToken = default);

    /// <summary>The throttle in force, or null.</summary>
    Task<ReplicationThrottle?> DescribeReplicationThrottleAsync(CancellationToken cancellationToken = default);

    /// <summary>Preferred leader election; null partitions = all. Returns Kafka's per-partition error where the election was not done.</summary>
    Task<IReadOnlyDictionary<TopicPartition, KafkaError>> ElectPreferredLeadersAsync(
        IReadOnlyCollection<TopicPartition>? partitions = null, CancellationToken cancellationToken = default);

    /// <summary>The KRaft quorum (DescribeQuorum); throws in ZooKeeper mode.</summary>
    Task<QuorumState> DescribeQuorumAsync(CancellationToken cancellationToken = default);

    /// <summary>KIP-853 AddRaftVoter: only a caught-up observer, one membership change at a time, kraft.version 1.</summary>
    Task AddRaftVoterAsync(int nodeId, Guid directoryId, CancellationToken cancellationToken = default);

    /// <summary>KIP-853 RemoveRaftVoter: never the last voter; a removed leader resigns.</summary>
    Task RemoveRaftVoterAsync(int nodeId, Guid directoryId, CancellationToken cancellationToken = default);

    /// <summary>UpdateFeatures (KRaft): finalize or safely downgrade <c>metadata.version</c>, upgrade <c>kraft.version</c>.</summary>
    Task UpdateFeaturesAsync(IReadOnlyList<FeatureUpdate> updates, bool validateOnly = false, CancellationToken cancellationToken = default);

    /// <summary>UnregisterBroker (KRaft): removes a decommissioned broker's registration.</summary>
    Task UnregisterBrokerAsync(int brokerId, CancellationToken cancellationToken = default);

    /// <summary>Bytes on disk per broker (DescribeLogDirs), including logs of replicas being moved away.</summary>
    Task<IReadOnlyDictionary<int, long>> DescribeLogDirsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Produce traffic per broker in bytes per second, in the cluster's own time: Kafka's
    /// <c>kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec</c> metric (read from JMX or a metrics exporter by
    /// the real adapter; it is not part of the admin API). Used to refuse a throttle the moves could never beat.
    /// </summary>
    Task<IReadOnlyDictionary<int, double>> DescribeBytesInPerSecondAsync(CancellationToken cancellationToken = default);

    /// <summary>Lag of every consumer group, summed over its partitions (ListGroups + OffsetFetch + ListOffsets).</summary>
    Task<IReadOnlyList<ConsumerGroupLag>> DescribeConsumerGroupLagAsync(CancellationToken cancellationToken = default);

    /// <summary>The ZooKeeper to KRaft migration as the controllers report it (ZkMigrationState, migrating brokers).</summary>
    Task<MigrationStatus> DescribeMigrationAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The ZooKeeper step of rolling a migration back: delete <c>/controller</c> and <c>/migration</c> so a
    /// ZooKeeper broker becomes controller again (Kafka's "Reverting to ZooKeeper mode" table). Refused once the
    /// migration is finalized.
    /// </summary>
    Task ResetZooKeeperControllerAsync(CancellationToken cancellationToken = default);
}
