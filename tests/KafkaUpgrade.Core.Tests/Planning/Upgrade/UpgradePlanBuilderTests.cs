using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning;
using KafkaUpgrade.Core.Planning.Paths;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Core.Snapshots;

namespace KafkaUpgrade.Core.Tests.Planning.Upgrade;

public class UpgradePlanBuilderTests
{
    private static readonly ClusterState Sample = ClusterSnapshotSerializer.ReadFile(Path.Combine(AppContext.BaseDirectory, "samples", "small-zk-3.8.json"));
    private static readonly UpgradePlanBuilder Builder = new();

    [Fact]
    public void The_sample_loads_as_the_issue_describes_it()
    {
        Assert.Equal(6, Sample.Brokers.Count());
        Assert.Equal(3, Sample.Nodes.Select(n => n.Rack).Distinct().Count());
        Assert.Equal(MetadataMode.ZooKeeper, Sample.MetadataMode);
        Assert.InRange(Sample.PartitionCount, 200, 500);
        Assert.Contains(Sample.AllPartitions, p => p.Partition.ReplicationFactor == 1);
        Assert.Contains(Sample.AllPartitions, p => p.Partition.ReplicationFactor == 2);
    }

    [Fact]
    public void Zookeeper_38_to_41_by_replacement_moves_every_byte_and_waits_for_approval_at_each_boundary()
    {
        var plan = Builder.Build(Sample, KafkaVersion.Parse("4.1"));

        Assert.Equal(
            [UpgradeHopKind.SoftwareUpgrade, UpgradeHopKind.BumpInterBrokerProtocol, UpgradeHopKind.MigrateToKRaft,
             UpgradeHopKind.SoftwareUpgrade, UpgradeHopKind.FinalizeMetadataVersion, UpgradeHopKind.SoftwareUpgrade, UpgradeHopKind.FinalizeMetadataVersion],
            plan.Hops.Select(h => h.Hop.Kind));
        Assert.Equal(MetadataMode.KRaft, plan.ModeAfter);
        var bytesOnBrokers = Sample.AllPartitions.Sum(p => p.Partition.SizeBytes * p.Partition.ReplicationFactor);
        Assert.Equal(bytesOnBrokers, plan.Hops[0].BytesMoved);
        Assert.Equal(Sample.PartitionCount, plan.Hops[0].PartitionsMoved);
        Assert.True(plan.Hops[1].NeedsApproval);
        Assert.True(plan.Hops[2].NeedsApproval);
        Assert.False(plan.Hops[0].NeedsApproval);
        Assert.True(plan.ReadyToStart, string.Join("; ", plan.Preflight));
        Assert.True(plan.Estimate > TimeSpan.Zero);
    }

    [Fact]
    public void The_estimate_follows_the_throttle()
    {
        var slow = Builder.Build(Sample, KafkaVersion.Parse("3.9"), new UpgradePlanOptions(ThrottleBytesPerSecond: 10L << 20));
        var fast = Builder.Build(Sample, KafkaVersion.Parse("3.9"), new UpgradePlanOptions(ThrottleBytesPerSecond: 100L << 20));
        // Moving time scales inversely with the throttle; the fixed part (starting the new brokers) does not.
        var overhead = UpgradePlanOptions.DefaultRestartTime;
        var ratio = (slow.Hops[0].Estimate - overhead) / (fast.Hops[0].Estimate - overhead);
        Assert.InRange(ratio, 9.99, 10.01);
    }

    [Fact]
    public void Rolling_restarts_report_a_verdict_per_batch_and_note_rf1_unavailability()
    {
        var plan = Builder.Build(Sample, KafkaVersion.Parse("3.9"), new UpgradePlanOptions(UpgradeStrategy.RollingUpgrade, RestartBatchSize: 2));
        var roll = plan.Hops[0];
        Assert.Equal(3, roll.Batches);
        Assert.Contains("rack by rack", roll.Summary, StringComparison.Ordinal);
        Assert.All(roll.Verdicts, v => Assert.True(v.Allowed, v.Reason));
        Assert.Contains(roll.Verdicts.SelectMany(v => v.Notes), n => n.StartsWith("debug-logs-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cluster_left_mid_roll_by_a_failed_run_is_planned_from_the_older_version_so_a_rerun_finishes_the_step()
    {
        var mixed = Sample with { Nodes = Sample.Nodes.Select(n => n.Id == 4 ? n with { Version = KafkaVersion.Parse("3.9.0") } : n).ToList() };
        var plan = Builder.Build(mixed, KafkaVersion.Parse("4.1"));
        Assert.Equal(KafkaVersion.Parse("3.8.1"), plan.From);
        Assert.Equal(UpgradeHopKind.SoftwareUpgrade, plan.Hops[0].Hop.Kind);
        Assert.Equal(KafkaVersion.Parse("3.9"), plan.Hops[0].Hop.ToVersion.Line);
    }

    [Fact]
    public void A_mix_that_is_not_a_half_done_first_step_is_refused_naming_the_odd_node()
    {
        // Node 4 is ahead of the target: no step of this plan leaves a node there.
        var mixed = Sample with { Nodes = Sample.Nodes.Select(n => n.Id == 4 ? n with { Version = KafkaVersion.Parse("3.9.0") } : n).ToList() };
        var ex = Assert.Throws<PlanningException>(() => Builder.Build(mixed, KafkaVersion.Parse("3.8")));
        Assert.Contains("node 4 on 3.9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_options_are_refused_before_anything_else()
    {
        var ex = Assert.Throws<PlanningException>(() => Builder.Build(Sample, KafkaVersion.Parse("4.1"), new UpgradePlanOptions(ReplacementBatchSize: 0)));
        Assert.Contains("batch size must be at least 1, was 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unhealthy_cluster_plans_but_is_not_ready_to_start()
    {
        var topics = Sample.Topics.Select((t, i) => i == 1
            ? t with { Partitions = t.Partitions.Select((p, j) => j == 0 ? p with { Isr = p.Replicas.Take(1).ToList() } : p).ToList() }
            : t).ToList();
        var plan = Builder.Build(Sample with { Topics = topics }, KafkaVersion.Parse("3.9"));
        Assert.False(plan.ReadyToStart);
        Assert.Contains("under-replicated", plan.Preflight[0].Reason, StringComparison.Ordinal);
    }
}
