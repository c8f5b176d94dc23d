using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Paths;
using static KafkaUpgrade.Core.Tests.Planning.Paths.PathTestSupport;

namespace KafkaUpgrade.Core.Tests.Planning.Paths;

public class UpgradeHopValidatorTests
{
    private static readonly UpgradePath ZkTo41 = Planner.Plan(ZooKeeper("3.6", "3.6-IV2", "4.1"));

    private static ClusterState Zk36 => Cluster(KafkaVersion.Parse("3.6"), MetadataMode.ZooKeeper, new ClusterFeatures(null, 0, "3.6-IV2"));

    [Fact]
    public void Every_hop_of_a_planned_path_is_valid_from_the_state_the_previous_one_left()
    {
        var state = Zk36;
        foreach (var hop in ZkTo41.Hops)
        {
            var verdict = UpgradeHopValidator.Validate(hop, state);
            Assert.True(verdict.IsAllowed, $"{hop}: {verdict.Reason}");
            state = Apply(state, hop);
        }

        Assert.Equal(MetadataMode.KRaft, state.MetadataMode);
        Assert.Equal(27, state.Features.MetadataVersionLevel);
    }

    [Fact]
    public void A_node_on_another_version_blocks_the_hop_and_is_named()
    {
        var state = Zk36 with { Nodes = [.. Zk36.Nodes.Take(2), Zk36.Nodes[2] with { Version = KafkaVersion.Parse("3.5") }] };

        var verdict = UpgradeHopValidator.Validate(ZkTo41.Hops[0], state);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("Node 3 runs 3.5, but the hop 'SoftwareUpgrade 3.6 -> 3.9 (ZooKeeper -> ZooKeeper)' needs every node on 3.6 or 3.9.", verdict.Reason);
    }

    [Fact]
    public void An_interrupted_roll_can_resume()
    {
        var state = Zk36 with { Nodes = [Zk36.Nodes[0] with { Version = KafkaVersion.Parse("3.9") }, .. Zk36.Nodes.Skip(1)] };

        Assert.True(UpgradeHopValidator.Validate(ZkTo41.Hops[0], state).IsAllowed);
    }

    [Fact]
    public void Metadata_hops_need_every_node_on_the_release()
    {
        var state = Apply(Zk36, ZkTo41.Hops[0]);
        state = state with { Nodes = [.. state.Nodes.Take(2), state.Nodes[2] with { Version = KafkaVersion.Parse("3.6") }] };

        var verdict = UpgradeHopValidator.Validate(ZkTo41.Hops[1], state);

        Assert.False(verdict.IsAllowed);
        Assert.StartsWith("Node 3 runs 3.6", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decommissioned_nodes_do_not_count()
    {
        var state = Zk36 with { Nodes = [.. Zk36.Nodes, new ClusterNode(9, null, NodeRoles.Broker, KafkaVersion.Parse("2.8"), NodeState.Decommissioned)] };

        Assert.True(UpgradeHopValidator.Validate(ZkTo41.Hops[0], state).IsAllowed);
    }

    [Fact]
    public void The_mode_must_match()
    {
        var kraft = Cluster(KafkaVersion.Parse("3.6"), MetadataMode.KRaft, new ClusterFeatures(14, 0, null));

        var verdict = UpgradeHopValidator.Validate(ZkTo41.Hops[0], kraft);

        Assert.False(verdict.IsAllowed);
        Assert.Contains("The cluster is in KRaft mode but the hop", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_software_roll_needs_a_pinned_inter_broker_protocol()
    {
        var unpinned = Zk36 with { Features = new ClusterFeatures(null, 0, null) };

        var verdict = UpgradeHopValidator.Validate(ZkTo41.Hops[0], unpinned);

        Assert.False(verdict.IsAllowed);
        Assert.Contains("inter.broker.protocol.version is not pinned", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Migration_needs_the_bridge_inter_broker_protocol()
    {
        var state = Apply(Zk36, ZkTo41.Hops[0]);

        var verdict = UpgradeHopValidator.Validate(ZkTo41.Hops[2], state);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("The migration needs inter.broker.protocol.version 3.9-IV0 on every broker, but the cluster has 3.6-IV2.", verdict.Reason);
    }

    [Fact]
    public void A_migration_under_way_can_resume()
    {
        var state = Apply(Apply(Zk36, ZkTo41.Hops[0]), ZkTo41.Hops[1]) with { MetadataMode = MetadataMode.MigrationDualWrite };

        Assert.True(UpgradeHopValidator.Validate(ZkTo41.Hops[2], state).IsAllowed);
        Assert.False(UpgradeHopValidator.Validate(ZkTo41.Hops[1], state).IsAllowed);
    }

    [Fact]
    public void A_4_x_roll_refuses_metadata_below_3_3_IV3()
    {
        var hop = Planner.Plan(KRaft("3.3", 7, "4.0")).Hops[0];
        var state = Cluster(KafkaVersion.Parse("3.3"), MetadataMode.KRaft, new ClusterFeatures(6, 0, null));

        var verdict = UpgradeHopValidator.Validate(hop, state);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("Kafka 4.0 cannot run the finalized metadata.version 3.3-IV2 (6): it supports levels 7 to 25.", verdict.Reason);
    }

    [Fact]
    public void Finalize_refuses_when_someone_moved_the_metadata_version()
    {
        var hop = Planner.Plan(KRaft("3.7", 15, "3.9")).Hops[1];
        var state = Cluster(KafkaVersion.Parse("3.9"), MetadataMode.KRaft, new ClusterFeatures(17, 0, null));

        var verdict = UpgradeHopValidator.Validate(hop, state);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("The hop expects metadata.version 3.7-IV0 but the cluster has 3.7-IV2 (17): plan again.", verdict.Reason);
    }

    [Fact]
    public void Finalize_that_already_happened_is_allowed_again()
    {
        var hop = Planner.Plan(KRaft("3.7", 15, "3.9")).Hops[1];
        var state = Cluster(KafkaVersion.Parse("3.9"), MetadataMode.KRaft, new ClusterFeatures(21, 0, null));

        Assert.True(UpgradeHopValidator.Validate(hop, state).IsAllowed);
    }

    [Fact]
    public void A_zookeeper_cluster_cannot_roll_to_a_release_without_zookeeper()
    {
        var hop = ZkTo41.Hops[3];
        var state = Cluster(KafkaVersion.Parse("3.9"), MetadataMode.ZooKeeper, new ClusterFeatures(null, 0, "3.9-IV0"));
        var zkHop = hop with { ModeBefore = MetadataMode.ZooKeeper, ModeAfter = MetadataMode.ZooKeeper };

        var verdict = UpgradeHopValidator.Validate(zkHop, state);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("Kafka 4.0 has no ZooKeeper mode; migrate to KRaft first.", verdict.Reason);
    }

    [Fact]
    public void A_zookeeper_downgrade_refuses_a_protocol_the_target_does_not_speak()
    {
        var hop = Planner.Plan(ZooKeeper("3.6", "3.5-IV2", "3.5")).Hops[0];
        var state = Cluster(KafkaVersion.Parse("3.6"), MetadataMode.ZooKeeper, new ClusterFeatures(null, 0, "3.6-IV2"));

        var verdict = UpgradeHopValidator.Validate(hop, state);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("inter.broker.protocol.version is 3.6-IV2, which Kafka 3.5 does not speak (its latest is 3.5-IV2).", verdict.Reason);
    }

    [Fact]
    public void An_allowed_hop_says_what_was_checked()
    {
        var verdict = UpgradeHopValidator.Validate(ZkTo41.Hops[0], Zk36);

        Assert.True(verdict.IsAllowed);
        Assert.Equal("All 3 nodes run 3.6 or 3.9 and inter.broker.protocol.version 3.6-IV2 is pinned.", verdict.Reason);
    }
}
