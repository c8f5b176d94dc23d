using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Behaviour;

/// <summary>Whether a follower's fetches from the partition's leader succeed at all.</summary>
internal static class FetchRules
{
    public static bool CanFetch(SimCluster cluster, SimPartition partition, int follower) =>
        cluster.Node(follower) is { } node && CanFetch(cluster, partition, node);

    public static bool CanFetch(SimCluster cluster, SimPartition partition, SimNode follower)
    {
        if (cluster.Node(partition.Leader) is not { } leader)
        {
            return false;
        }

        // A ZooKeeper broker stranded by the migration's finalization fetches with the leader epoch it last heard of:
        // once the partition's epoch moved on, the leader answers FENCED_LEADER_EPOCH and it never catches up.
        if (follower.StrandedLeaderEpochs is { } known && known.GetValueOrDefault(partition.Id, -1) != partition.LeaderEpoch)
        {
            return false;
        }

        return InterBrokerProtocolRules.Understands(cluster, leader, follower);
    }
}
