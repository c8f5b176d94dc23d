using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Restarts;
using KafkaUpgrade.Core.Synthetic;
using KafkaUpgrade.Core.Tests.TestSupport;

namespace KafkaUpgrade.Core.Tests.Planning.Restarts;

public class RestartBatchPlannerProperties
{
    private static bool NoBatchSharesAPartition(ClusterState state, RestartPlan plan) =>
        plan.Batches.All(batch => state.AllPartitions.All(p => p.Partition.Replicas.Count(batch.NodeIds.Contains) <= 1));

    [Property(MaxTest = 300)]
    public Property A_batch_never_holds_two_brokers_sharing_a_partition(int seed, int cap)
    {
        var state = RandomClusters.Create(seed, maxBrokers: 12, maxPartitions: 40);
        var plan = RestartBatchPlanner.Plan(state, 1 + Math.Abs(cap % 6));
        var everyBrokerOnce = plan.NodeOrder.Order().SequenceEqual(state.Brokers.Select(b => b.Id).Order());
        var capped = plan.Batches.All(b => b.NodeIds.Count <= plan.MaxBatchSize);
        return (NoBatchSharesAPartition(state, plan) && everyBrokerOnce && capped).Label($"seed {seed}");
    }

    [Property(MaxTest = 100)]
    public Property Rack_spread_clusters_restart_rack_by_rack(int seed)
    {
        var random = new Random(seed);
        var spec = new SyntheticClusterSpec("r", 3 * random.Next(1, 6), 3, random.Next(10, 200), 4, new KafkaVersion(3, 9, 0), MetadataMode.ZooKeeper, seed, 100, [3]);
        var state = SyntheticClusterGenerator.Generate(spec);
        var plan = RestartBatchPlanner.Plan(state, maxBatchSize: 100);
        var rackOf = state.Nodes.ToDictionary(n => n.Id, n => n.Rack);
        var oneRackPerBatch = plan.Batches.All(b => b.NodeIds.Select(id => rackOf[id]).Distinct().Count() == 1);
        return (plan.Batches.Count == 3 && oneRackPerBatch && NoBatchSharesAPartition(state, plan)).Label($"seed {seed}: {plan.Strategy}");
    }
}
