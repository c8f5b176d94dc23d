using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Planning.Restarts;

/// <summary>
/// Plans a rolling restart. Controllers first, one at a time, the active controller last (Strimzi's order: a
/// quorum loses at most one voter at a time and leadership moves once). Combined broker+controller nodes count as
/// controllers. Then brokers: brokers that share no partition restart together, capped at the batch size, so no
/// partition ever loses more than one replica to the restart; the batch holding the ZooKeeper-mode controller
/// broker goes last so the controller moves once. Deterministic for the same input.
/// </summary>
public static class RestartBatchPlanner
{
    /// <summary>Plans restarting <paramref name="nodes"/> (default: every node not decommissioned).</summary>
    /// <exception cref="PlanningException">A batch size below 1, or an unknown node.</exception>
    public static RestartPlan Plan(ClusterState state, int maxBatchSize, IReadOnlyCollection<int>? nodes = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (maxBatchSize < 1)
        {
            throw new PlanningException($"Restart batch size must be at least 1, was {maxBatchSize}.");
        }

        var chosen = nodes ?? state.Nodes.Where(n => n.State != NodeState.Decommissioned).Select(n => n.Id).ToList();
        var unknown = chosen.Where(id => state.FindNode(id) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new PlanningException($"Cannot plan a restart of node {unknown[0]}: it is not in the cluster.");
        }

        var chosenNodes = chosen.Distinct().Order().Select(id => state.FindNode(id)!).ToList();
        var batches = new List<RestartBatch>();
        AddControllers(state, chosenNodes.Where(n => n.IsController).ToList(), batches);
        var strategy = AddBrokers(state, chosenNodes.Where(n => !n.IsController).Select(n => n.Id).ToList(), maxBatchSize, batches);
        return new RestartPlan(maxBatchSize, batches, strategy);
    }

    private static void AddControllers(ClusterState state, List<ClusterNode> controllers, List<RestartBatch> batches)
    {
        var active = state.MetadataMode.HasKRaftQuorum() ? state.Quorum?.LeaderId : null;
        foreach (var controller in controllers.OrderBy(c => c.Id == active).ThenBy(c => c.Id))
        {
            var reason = controller.Id == active
                ? "active controller, last among controllers so leadership moves once"
                : "controller, one at a time so the quorum loses at most one voter";
            batches.Add(new RestartBatch(batches.Count, RestartBatchKind.Controllers, [controller.Id], reason));
        }
    }

    private static string AddBrokers(ClusterState state, List<int> brokers, int maxBatchSize, List<RestartBatch> batches)
    {
        if (brokers.Count == 0)
        {
            return "no brokers to restart";
        }

        var graph = new PartitionSharingGraph(brokers, state);
        var rackOf = state.Nodes.ToDictionary(n => n.Id, n => n.Rack);
        var (groups, strategy) = BrokerColouring.Colour(graph, rackOf);
        var chunks = groups.SelectMany(g => Chunk(g, maxBatchSize)).ToList();

        var zkController = state.MetadataMode == MetadataMode.ZooKeeper ? state.ZooKeeperControllerId : null;
        var withController = chunks.FindIndex(c => zkController is { } id && c.Contains(id));
        if (withController >= 0)
        {
            var last = chunks[withController];
            chunks.RemoveAt(withController);
            chunks.Add(last);
        }

        foreach (var chunk in chunks)
        {
            var reason = chunk.Contains(zkController ?? int.MinValue)
                ? $"brokers sharing no partition; holds the controller broker {zkController}, so it goes last"
                : "brokers sharing no partition";
            batches.Add(new RestartBatch(batches.Count, RestartBatchKind.Brokers, chunk, reason));
        }

        return strategy;
    }

    /// <summary>Splits a group into as few batches as the cap allows, sizes differing by at most one.</summary>
    private static IEnumerable<IReadOnlyList<int>> Chunk(IReadOnlyList<int> group, int cap)
    {
        var count = (group.Count + cap - 1) / cap;
        var start = 0;
        for (var i = 0; i < count; i++)
        {
            var size = group.Count / count + (i < group.Count % count ? 1 : 0);
            yield return group.Skip(start).Take(size).ToList();
            start += size;
        }
    }
}
