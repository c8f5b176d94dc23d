using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Safety;

/// <summary>What a healthy cluster looks like at this step of an operation.</summary>
/// <param name="ExpectedRunningNodes">Nodes that must be running (e.g. every node not deliberately stopped or retired).</param>
/// <param name="OwnReassignments">Reassignments this operation started; any other reassignment in flight is foreign and blocks.</param>
public sealed record HealthExpectation(IReadOnlyCollection<int> ExpectedRunningNodes, IReadOnlyCollection<TopicPartition> OwnReassignments)
{
    /// <summary>Every node of <paramref name="state"/> running, no reassignment of ours in flight.</summary>
    public static HealthExpectation AllNodesOf(ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(state.Nodes.Where(n => n.State != NodeState.Decommissioned).Select(n => n.Id).ToList(), []);
    }
}
