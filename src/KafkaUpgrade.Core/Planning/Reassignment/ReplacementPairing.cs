using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Planning.Reassignment;

/// <summary>One old broker and the new broker that takes its place.</summary>
/// <param name="OldNodeId">The broker being replaced.</param>
/// <param name="NewNodeId">Its replacement.</param>
public sealed record ReplacementPair(int OldNodeId, int NewNodeId);

/// <summary>
/// Which brokers a node replacement to <c>target</c> replaces and which new brokers already stand beside them.
/// </summary>
/// <param name="OldBrokers">Brokers not on the target (dedicated controllers excluded), by id.</param>
/// <param name="Reused">Old brokers paired with a new broker a failed or terminated replacement already started.</param>
/// <param name="Unpaired">Old brokers that still need a new broker provisioned, by id.</param>
public sealed record ReplacementPairing(IReadOnlyList<int> OldBrokers, IReadOnlyList<ReplacementPair> Reused, IReadOnlyList<int> Unpaired)
{
    /// <summary>
    /// Pairs the old brokers with the new ones a replacement left behind. A replacement gives its new brokers the
    /// next free ids, all at once, on the target version; so the brokers already on the target whose ids are above
    /// every old broker's, no more of them than old brokers, are that replacement's and take their places again
    /// (same rack first, then any), instead of a second set being provisioned beside them. Anything else on the
    /// target (e.g. brokers a rolling upgrade restarted in place, whose ids lie among the old ones) is not reused:
    /// pairing with a broker that already carries a full share would shrink the cluster.
    /// </summary>
    /// <param name="nodes">Every node of the cluster as it is now.</param>
    /// <param name="target">The version the replacement goes to.</param>
    public static ReplacementPairing Plan(IReadOnlyList<ClusterNode> nodes, KafkaVersion target)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var live = nodes.Where(n => n.IsBroker && !n.IsController && n.State != NodeState.Decommissioned).ToList();
        var old = live.Where(n => n.Version != target).OrderBy(n => n.Id).ToList();
        if (old.Count == 0)
        {
            return new ReplacementPairing([], [], []);
        }

        var highestOld = old[^1].Id;
        var fresh = live.Where(n => n.Version == target && n.Id > highestOld).OrderBy(n => n.Id).ToList();
        if (fresh.Count == 0 || fresh.Count > old.Count)
        {
            return new ReplacementPairing(old.Select(n => n.Id).ToList(), [], old.Select(n => n.Id).ToList());
        }

        var unpaired = new List<ClusterNode>(old);
        var reused = new List<ReplacementPair>();
        foreach (var replacement in fresh)
        {
            var partner = unpaired.FirstOrDefault(o => o.Rack == replacement.Rack) ?? unpaired[0];
            unpaired.Remove(partner);
            reused.Add(new ReplacementPair(partner.Id, replacement.Id));
        }

        return new ReplacementPairing(old.Select(n => n.Id).ToList(), reused.OrderBy(p => p.OldNodeId).ToList(), unpaired.Select(n => n.Id).ToList());
    }
}
