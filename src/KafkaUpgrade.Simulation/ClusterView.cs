using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Simulation.Behaviour;
using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation;

/// <summary>The simulator's state as the admin API shows it (the Core model).</summary>
internal static class ClusterView
{
    public static ClusterState Describe(SimCluster cluster) => new(
        cluster.ClusterId,
        Migration.Mode(cluster),
        cluster.Nodes.Values.Select(n => n.ToClusterNode()).ToList(),
        cluster.Topics.Select(t => new TopicState(t.Name, t.MinInsyncReplicas, t.Partitions.Select(p => p.ToPartitionState()).ToList())).ToList(),
        Features.Describe(cluster),
        Quorum(cluster),
        cluster.AllPartitions.Select(p => p.ToReassignmentState()).OfType<ReassignmentState>().ToList(),
        cluster.KRaftOwnsZooKeeperController || cluster.IsKRaftCluster ? null : cluster.ZooKeeperControllerId);

    public static QuorumState? Quorum(SimCluster cluster)
    {
        if (cluster.Quorum is not { } quorum)
        {
            return null;
        }

        // LeaderState.describeReplicaState: the leader reports itself fetched and caught up "now"; the others with
        // the times of their last fetch and catch-up. Static voters (kraft.version 0) carry no directory id.
        QuorumMember Member(SimNode node, Guid directory) => new(
            node.Id,
            directory,
            node.MetadataLeo,
            node.Id == quorum.LeaderId ? cluster.NowMs : node.LastFetchMs,
            node.Id == quorum.LeaderId ? cluster.NowMs : node.LastCaughtUpMs);

        // A voter whose node was re-provisioned under the same id (a new directory) is offline: it reports nothing.
        QuorumMember Voter((int NodeId, Guid DirectoryId) v) =>
            cluster.Node(v.NodeId) is { } node && QuorumBehaviour.IsVoter(cluster, node)
                ? Member(node, cluster.KraftVersion == 0 ? Guid.Empty : v.DirectoryId)
                : new QuorumMember(v.NodeId, cluster.KraftVersion == 0 ? Guid.Empty : v.DirectoryId, -1, null, null);

        var voters = quorum.Voters.Where(v => cluster.Node(v.NodeId) is not null).Select(Voter).ToList();
        var observers = cluster.LiveNodes
            .Where(n => n.IsRunning && !QuorumBehaviour.IsVoter(cluster, n) && (n.IsController || !n.Config.IsZooKeeperBroker))
            .Select(n => Member(n, n.DirectoryId))
            .ToList();
        return new QuorumState(quorum.LeaderId, quorum.LeaderEpoch, quorum.LogEndOffset, voters, observers);
    }
}
