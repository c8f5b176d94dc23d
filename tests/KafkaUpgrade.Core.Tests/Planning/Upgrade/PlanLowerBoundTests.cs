using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Paths;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Core.Snapshots;

namespace KafkaUpgrade.Core.Tests.Planning.Upgrade;

public class PlanLowerBoundTests
{
    private static readonly ClusterState Sample = ClusterSnapshotSerializer.ReadFile(Path.Combine(AppContext.BaseDirectory, "samples", "small-zk-3.8.json"));
    private static readonly UpgradePlanBuilder Builder = new();
    private static readonly NodeTimeModel Nodes = new(Stop: TimeSpan.FromSeconds(2), Start: TimeSpan.FromSeconds(10), Provision: TimeSpan.FromSeconds(60));

    [Fact]
    public void A_replacement_costs_its_busiest_receivers_bytes_at_the_throttle_plus_one_provisioning()
    {
        // 6 old brokers onto 6 new ones in one batch: each new broker receives what one old broker held, so the
        // floor is the most any one receiving broker gets over the per-broker rate.
        const long throttle = 10L << 20;
        var plan = Builder.Build(Sample, KafkaVersion.Parse("3.9"), new UpgradePlanOptions(ThrottleBytesPerSecond: throttle, ReplacementBatchSize: 6));
        var bound = PlanLowerBound.Of(plan, Nodes);

        var perBrokerMost = Sample.Brokers.Max(b => Sample.AllPartitions.Where(p => p.Partition.Replicas.Contains(b.Id)).Sum(p => p.Partition.SizeBytes));
        var bytesPerBroker = plan.BytesMoved / 6.0;
        Assert.InRange(bound.Transfer.TotalSeconds, bytesPerBroker / throttle, (double)perBrokerMost / throttle * 1.5);

        // The replacement itself provisions and starts the new brokers once (ZooKeeper mode: no controllers to roll);
        // the IBP bump after it rolls the brokers one batch at a time, 2 s stop + 10 s start each.
        Assert.Equal((1, 0), (plan.Hops[0].ProvisionRounds, plan.Hops[0].RestartRounds));
        Assert.Equal(UpgradeHopKind.BumpInterBrokerProtocol, plan.Hops[1].Hop.Kind);
        Assert.Equal(TimeSpan.FromSeconds(70) + (plan.Hops[1].Batches * TimeSpan.FromSeconds(12)), bound.Restarts);
        Assert.Equal(bound.Transfer + bound.Restarts, bound.Total);
    }

    [Fact]
    public void The_transfer_part_scales_inversely_with_the_throttle_and_the_restart_part_does_not()
    {
        var slow = PlanLowerBound.Of(Builder.Build(Sample, KafkaVersion.Parse("4.1"), new UpgradePlanOptions(ThrottleBytesPerSecond: 10L << 20)), Nodes);
        var fast = PlanLowerBound.Of(Builder.Build(Sample, KafkaVersion.Parse("4.1"), new UpgradePlanOptions(ThrottleBytesPerSecond: 100L << 20)), Nodes);
        Assert.InRange(slow.Transfer / fast.Transfer, 9.99, 10.01);
        Assert.Equal(slow.Restarts, fast.Restarts);
    }

    [Fact]
    public void A_rolling_upgrade_moves_nothing_and_costs_one_restart_per_batch()
    {
        var plan = Builder.Build(Sample, KafkaVersion.Parse("3.9"), new UpgradePlanOptions(UpgradeStrategy.RollingUpgrade, RestartBatchSize: 2));
        var bound = PlanLowerBound.Of(plan, Nodes);
        Assert.Equal(TimeSpan.Zero, bound.Transfer);
        Assert.Equal(plan.Hops.Sum(h => h.Batches) * Nodes.Restart, bound.Restarts);
        Assert.True(plan.Hops.Sum(h => h.Batches) > 0);
    }

    [Fact]
    public void The_bound_never_exceeds_the_estimate_made_with_the_same_restart_time()
    {
        // The estimate and the bound count the same rounds; the estimate only charges every round the restart time.
        var options = new UpgradePlanOptions(EstimatedRestartTime: Nodes.NewNode);
        var plan = Builder.Build(Sample, KafkaVersion.Parse("4.3"), options);
        Assert.True(PlanLowerBound.Of(plan, Nodes).Total <= plan.Estimate, $"{PlanLowerBound.Of(plan, Nodes).Total} > {plan.Estimate}");
    }
}
