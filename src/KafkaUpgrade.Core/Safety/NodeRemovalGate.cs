using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Safety;

/// <summary>
/// May this node be removed (decommissioned and unregistered) now? Only when it holds nothing: no replica of any
/// partition, no replica a reassignment in flight is adding, and no seat in the KRaft quorum.
/// </summary>
/// <remarks>
/// Kafka itself does not stop you: unregistering a broker that still hosts replicas leaves those partitions
/// under-replicated for good. Strimzi's BrokersInUseCheck and MSK refuse the same way.
/// </remarks>
public static class NodeRemovalGate
{
    /// <summary>Evaluates removing <paramref name="nodeId"/> from <paramref name="state"/>.</summary>
    public static GateVerdict Evaluate(ClusterState state, int nodeId)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.FindNode(nodeId) is null)
        {
            return GateVerdict.Allow($"Node {nodeId} is not part of the cluster any more; nothing to remove");
        }

        var replicas = state.PartitionsHostedBy(new HashSet<int> { nodeId })
            .Select(p => $"{p.Topic.Name}-{p.Partition.Partition}")
            .ToList();
        if (replicas.Count > 0)
        {
            return GateVerdict.Refuse($"Node {nodeId} still holds {replicas.Count} replica(s)", replicas);
        }

        var incoming = state.InFlightReassignments
            .Where(r => r.Replicas.Contains(nodeId) || r.AddingReplicas.Contains(nodeId))
            .Select(r => r.Partition.ToString())
            .ToList();
        if (incoming.Count > 0)
        {
            return GateVerdict.Refuse($"Node {nodeId} is a target of {incoming.Count} reassignment(s) in flight", incoming);
        }

        if (state.Quorum is { } quorum && quorum.Voters.Any(v => v.NodeId == nodeId))
        {
            return GateVerdict.Refuse($"Node {nodeId} is a voter of the KRaft quorum; remove it as a voter first", [$"voter {nodeId}"]);
        }

        return GateVerdict.Allow($"Node {nodeId} holds no replica, is no reassignment target and is no voter");
    }
}
