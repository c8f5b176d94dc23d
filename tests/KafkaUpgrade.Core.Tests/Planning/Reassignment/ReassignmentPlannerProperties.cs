using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Reassignment;
using KafkaUpgrade.Core.Synthetic;

namespace KafkaUpgrade.Core.Tests.Planning.Reassignment;

public class ReassignmentPlannerProperties
{
    /// <summary>A random rack-spread cluster, a random set of retiring nodes, and as many new nodes on the same racks.</summary>
    private static (ClusterState State, List<int> Retiring, List<ClusterNode> New) Scenario(int seed)
    {
        var random = new Random(seed);
        var racks = random.Next(1, 4);
        var brokers = racks * random.Next(2, 5);
        var spec = new SyntheticClusterSpec("p", brokers, racks, random.Next(10, 300), random.Next(1, 8), new KafkaVersion(3, 9, 0),
            MetadataMode.ZooKeeper, seed, 1000, [Math.Min(3, brokers - 1), 2, 1]);
        var state = SyntheticClusterGenerator.Generate(spec);
        var retiring = state.Brokers.Where(_ => random.NextDouble() < 0.5).Select(b => b.Id).ToList();
        if (retiring.Count == 0)
        {
            retiring.Add(1);
        }

        var added = retiring.Select((id, i) => new ClusterNode(100 + i, state.FindNode(id)!.Rack, NodeRoles.Broker, spec.Version, NodeState.Running)).ToList();
        return (state, retiring, added);
    }

    [Property(MaxTest = 200)]
    public Property Never_two_replicas_on_one_node_and_only_retiring_replicas_move(int seed)
    {
        var (state, retiring, added) = Scenario(seed);
        var plan = ReassignmentPlanner.Plan(state, retiring, added);
        var ok = plan.Moves.All(m =>
            m.TargetReplicas.Distinct().Count() == m.TargetReplicas.Count &&
            m.TargetReplicas.Count == m.CurrentReplicas.Count &&
            Enumerable.Range(0, m.CurrentReplicas.Count).All(i =>
                retiring.Contains(m.CurrentReplicas[i])
                    ? added.Any(n => n.Id == m.TargetReplicas[i])
                    : m.TargetReplicas[i] == m.CurrentReplicas[i]));
        return ok.Label($"seed {seed}");
    }

    [Property(MaxTest = 200)]
    public Property Bytes_moved_equal_the_bytes_on_retiring_nodes_and_every_such_partition_moves(int seed)
    {
        var (state, retiring, added) = Scenario(seed);
        var plan = ReassignmentPlanner.Plan(state, retiring, added);
        var onRetiring = state.AllPartitions.Sum(p => p.Partition.SizeBytes * p.Partition.Replicas.Count(retiring.Contains));
        var touched = state.AllPartitions.Count(p => p.Partition.Replicas.Any(retiring.Contains));
        return (plan.TotalBytesToMove == onRetiring && plan.PartitionCount == touched).Label($"seed {seed}: {plan.TotalBytesToMove} vs {onRetiring}");
    }

    [Property(MaxTest = 200)]
    public Property Replicas_and_preferred_leaders_balance_within_one_per_rack_and_racks_stay_spread(int seed)
    {
        var (state, retiring, added) = Scenario(seed);
        var plan = ReassignmentPlanner.Plan(state, retiring, added);
        var rackOf = state.Nodes.Concat(added).ToDictionary(n => n.Id, n => n.Rack);
        var replicas = added.ToDictionary(n => n.Id, _ => 0);
        var leaders = added.ToDictionary(n => n.Id, _ => 0);
        foreach (var move in plan.Moves)
        {
            foreach (var id in move.TargetReplicas.Where(replicas.ContainsKey))
            {
                replicas[id]++;
            }

            if (leaders.TryGetValue(move.TargetReplicas[0], out var led))
            {
                leaders[move.TargetReplicas[0]] = led + 1;
            }
        }

        bool Balanced(Dictionary<int, int> counts) =>
            added.GroupBy(n => n.Rack).All(g => g.Max(n => counts[n.Id]) - g.Min(n => counts[n.Id]) <= 1);

        // The generator spreads replicas over distinct racks and new nodes mirror the retiring racks, so the plan
        // must keep every partition on distinct racks.
        var spread = plan.Moves.All(m => m.TargetReplicas.Select(id => rackOf[id]).Distinct().Count() == m.TargetReplicas.Count
            || m.CurrentReplicas.Select(id => rackOf[id]).Distinct().Count() < m.CurrentReplicas.Count);
        return (Balanced(replicas) && Balanced(leaders) && spread).Label($"seed {seed}");
    }

    [Property(MaxTest = 100)]
    public Property With_one_new_node_per_rack_share_balance_is_global(int seed)
    {
        // Replacing every broker of a rack-spread RF-3, 3-rack cluster: each rack holds exactly one replica of every
        // partition, so the balance must hold over all new nodes, not just per rack.
        var random = new Random(seed);
        var perRack = random.Next(1, 4);
        var spec = new SyntheticClusterSpec("g", 3 * perRack, 3, random.Next(20, 400), 3, new KafkaVersion(3, 9, 0), MetadataMode.ZooKeeper, seed, 1000, [3]);
        var state = SyntheticClusterGenerator.Generate(spec);
        var retiring = state.Brokers.Select(b => b.Id).ToList();
        var added = state.Brokers.Select(b => new ClusterNode(b.Id + 100, b.Rack, NodeRoles.Broker, spec.Version, NodeState.Running)).ToList();
        var plan = ReassignmentPlanner.Plan(state, retiring, added);
        var counts = plan.Moves.SelectMany(m => m.TargetReplicas).GroupBy(id => id).Select(g => g.Count()).ToList();
        var leaders = plan.Moves.GroupBy(m => m.TargetReplicas[0]).Select(g => g.Count()).ToList();
        var ok = counts.Max() - counts.Min() <= 1 && (leaders.Count < added.Count ? leaders.Max() <= 1 : leaders.Max() - leaders.Min() <= 1);
        return ok.Label($"seed {seed}: replicas {string.Join(",", counts)} leaders {string.Join(",", leaders)}");
    }
}
