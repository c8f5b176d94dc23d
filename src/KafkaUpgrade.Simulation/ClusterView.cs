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

        QuorumMember Member(SimNode node, Guid directory) => new(
            node.Id,
            cluster.KraftVersion == 0 ? Guid.Empty : directory,
            node.MetadataLeo,
            node.Id == quorum.LeaderId ? null : node.LastFetchMs,
            node.Id == quorum.LeaderId ? cluster.NowMs : node.LastCaughtUpMs);

        var voters = quorum.Voters.Where(v => cluster.Node(v.NodeId) is not null).Select(v => Member(cluster.Node(v.NodeId)!, v.DirectoryId)).ToList();
        var observers = cluster.LiveNodes
            .Where(n => n.IsRunning && !quorum.IsVoter(n.Id) && (n.IsController || !n.Config.IsZooKeeperBroker))
            .Select(n => Member(n, n.DirectoryId))
            .ToList();
        return new QuorumState(quorum.LeaderId, quorum.LeaderEpoch, quorum.LogEndOffset, voters, observers);
    }
}
