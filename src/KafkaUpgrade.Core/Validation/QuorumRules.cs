using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Validation;

/// <summary>The KRaft quorum's invariants: voters are known controllers, the leader is a voter, no node is both voter and observer.</summary>
internal static class QuorumRules
{
    public static void Check(QuorumState quorum, IReadOnlyDictionary<int, ClusterNode> nodes, List<ValidationProblem> problems)
    {
        if (quorum.Voters.Count == 0)
        {
            problems.Add(new("quorum.voters", "a KRaft quorum needs at least one voter"));
        }

        var voters = new HashSet<int>();
        foreach (var voter in quorum.Voters)
        {
            if (!voters.Add(voter.NodeId))
            {
                problems.Add(new($"quorum.voters[{voter.NodeId}]", $"voter {voter.NodeId} is listed twice"));
            }

            if (!nodes.TryGetValue(voter.NodeId, out var node))
            {
                problems.Add(new($"quorum.voters[{voter.NodeId}]", $"voter {voter.NodeId} is not a node of the cluster"));
            }
            else if (!node.IsController)
            {
                problems.Add(new($"quorum.voters[{voter.NodeId}]", $"voter {voter.NodeId} does not have the controller role"));
            }
        }

        // KIP-853 keys a replica by (id, directory id): a node re-formatted under a voter's id is an observer next
        // to the voter it replaced, which is legitimate; the same replica on both lists is not.
        var voterKeys = quorum.Voters.Select(v => (v.NodeId, v.DirectoryId)).ToHashSet();
        foreach (var observer in quorum.Observers.Where(o => voterKeys.Contains((o.NodeId, o.DirectoryId)) || (voters.Contains(o.NodeId) && o.DirectoryId == Guid.Empty)))
        {
            problems.Add(new($"quorum.observers[{observer.NodeId}]", $"node {observer.NodeId} is both a voter and an observer"));
        }

        if (quorum.HasLeader && !voters.Contains(quorum.LeaderId))
        {
            problems.Add(new("quorum.leaderId", $"leader {quorum.LeaderId} is not a voter"));
        }
    }
}
