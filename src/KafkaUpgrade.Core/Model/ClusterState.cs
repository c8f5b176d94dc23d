namespace KafkaUpgrade.Core.Model;

/// <summary>
/// Everything the orchestrator can observe about one Kafka cluster at one moment. Immutable: planners and gates
/// take a snapshot and never see it change under them.
/// </summary>
/// <param name="ClusterId">Kafka's cluster id.</param>
/// <param name="MetadataMode">ZooKeeper, KRaft, or a migration phase.</param>
/// <param name="Nodes">Every known node.</param>
/// <param name="Topics">Every topic.</param>
/// <param name="Features">Finalized features / inter-broker protocol.</param>
/// <param name="Quorum">The KRaft quorum, or null in ZooKeeper mode.</param>
/// <param name="Reassignments">Partition reassignments in flight.</param>
/// <param name="ZooKeeperControllerId">The ZooKeeper-mode controller broker, or null.</param>
public sealed record ClusterState(
    string ClusterId,
    MetadataMode MetadataMode,
    IReadOnlyList<ClusterNode> Nodes,
    IReadOnlyList<TopicState> Topics,
    ClusterFeatures Features,
    QuorumState? Quorum = null,
    IReadOnlyList<ReassignmentState>? Reassignments = null,
    int? ZooKeeperControllerId = null)
{
    /// <summary>Reassignments in flight, never null.</summary>
    public IReadOnlyList<ReassignmentState> InFlightReassignments => Reassignments ?? [];

    /// <summary>Nodes that host replicas.</summary>
    public IEnumerable<ClusterNode> Brokers => Nodes.Where(n => n.IsBroker);

    /// <summary>KRaft controllers.</summary>
    public IEnumerable<ClusterNode> Controllers => Nodes.Where(n => n.IsController);

    /// <summary>Every partition with its topic.</summary>
    public IEnumerable<(TopicState Topic, PartitionState Partition)> AllPartitions =>
        Topics.SelectMany(t => t.Partitions.Select(p => (t, p)));

    /// <summary>
    /// The partitions with a replica on any of <paramref name="brokers"/>, in topic then partition order. Indexed
    /// loops, not <see cref="AllPartitions"/>: gates and drain polls call this on every partition of the cluster
    /// (100,000 on a large one), where two enumerators and a delegate per partition were most of the cost.
    /// </summary>
    public List<(TopicState Topic, PartitionState Partition)> PartitionsHostedBy(IReadOnlySet<int> brokers)
    {
        ArgumentNullException.ThrowIfNull(brokers);
        var hosted = new List<(TopicState Topic, PartitionState Partition)>();
        var few = ReplicaLists.Few(brokers);
        var topics = Topics;
        for (var t = 0; t < topics.Count; t++)
        {
            var topic = topics[t];
            var partitions = topic.Partitions;
            for (var p = 0; p < partitions.Count; p++)
            {
                if (ReplicaLists.HostsAny(partitions[p].Replicas, brokers, few))
                {
                    hosted.Add((topic, partitions[p]));
                }
            }
        }

        return hosted;
    }

    /// <summary>Total number of partitions.</summary>
    public int PartitionCount => Topics.Sum(t => t.Partitions.Count);

    /// <summary>The node with this id, or null.</summary>
    public ClusterNode? FindNode(int id) => Nodes.FirstOrDefault(n => n.Id == id);

    /// <summary>The active controller: the quorum leader in KRaft, the controller broker in ZooKeeper mode.</summary>
    public int? ActiveControllerId =>
        MetadataMode.HasKRaftQuorum() && Quorum is { HasLeader: true } q ? q.LeaderId : ZooKeeperControllerId;
}
