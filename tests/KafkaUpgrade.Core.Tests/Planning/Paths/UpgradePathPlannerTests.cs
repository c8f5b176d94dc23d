using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Paths;
using KafkaUpgrade.Core.Versions;
using static KafkaUpgrade.Core.Tests.Planning.Paths.PathTestSupport;

namespace KafkaUpgrade.Core.Tests.Planning.Paths;

public class UpgradePathPlannerTests
{
    [Fact]
    public void ZooKeeper_3_6_to_4_1_goes_through_the_3_9_bridge_and_migrates()
    {
        var path = Planner.Plan(ZooKeeper("3.6", "3.6-IV2", "4.1"));

        Assert.Equal(
            "SW 3.6->3.9, IBP 3.9-IV0, MIGRATE 3.9-IV0, SW 3.9->4.0, MV 4.0-IV3, SW 4.0->4.1, MV 4.1-IV1",
            Shorts(path));
        var migrate = path.Hops[2];
        Assert.Equal(MetadataMode.ZooKeeper, migrate.ModeBefore);
        Assert.Equal(MetadataMode.KRaft, migrate.ModeAfter);
        Assert.Equal(21, migrate.MetadataLevel);
        Assert.True(migrate.IsRollbackBoundary);
        Assert.Contains("bridge release", path.Hops[0].Reason, StringComparison.Ordinal);
        Assert.Contains("can be reverted to ZooKeeper; finalizing cannot", path.Hops[2].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3.6", "3.6-IV2", "3.9", "SW 3.6->3.9, IBP 3.9-IV0")]
    [InlineData("3.8", "3.8-IV0", "3.9", "SW 3.8->3.9, IBP 3.9-IV0")]
    [InlineData("2.8", "2.8-IV1", "3.9", "SW 2.8->3.0, IBP 3.0-IV1, SW 3.0->3.9, IBP 3.9-IV0")]
    [InlineData("2.8", "2.8-IV1", "4.0", "SW 2.8->3.0, IBP 3.0-IV1, SW 3.0->3.9, IBP 3.9-IV0, MIGRATE 3.9-IV0, SW 3.9->4.0, MV 4.0-IV3")]
    [InlineData("3.9", "3.9-IV0", "4.0", "MIGRATE 3.9-IV0, SW 3.9->4.0, MV 4.0-IV3")]
    [InlineData("3.9", "3.9", "4.3", "MIGRATE 3.9-IV0, SW 3.9->4.0, MV 4.0-IV3, SW 4.0->4.3, MV 4.3-IV0")]
    [InlineData("3.9", "3.6-IV2", "4.0", "IBP 3.9-IV0, MIGRATE 3.9-IV0, SW 3.9->4.0, MV 4.0-IV3")]
    [InlineData("3.4", "3.4", "3.7", "SW 3.4->3.7, IBP 3.7-IV4")]
    [InlineData("3.9", "3.8", "3.9", "IBP 3.9-IV0")]
    [InlineData("3.6", "3.5-IV2", "3.5", "SW 3.6->3.5")]
    [InlineData("3.9.0", "3.9-IV0", "3.9.1", "SW 3.9->3.9.1")]
    public void ZooKeeper_paths(string current, string ibp, string target, string expected)
    {
        Assert.Equal(expected, Shorts(Planner.Plan(ZooKeeper(current, ibp, target))));
    }

    [Theory]
    [InlineData("3.2", null, "4.1", "SW 3.2->3.9, MV 3.9-IV0, SW 3.9->4.0, MV 4.0-IV3, SW 4.0->4.1, MV 4.1-IV1")]
    [InlineData("2.8", null, "4.0", "SW 2.8->3.0, SW 3.0->3.9, MV 3.9-IV0, SW 3.9->4.0, MV 4.0-IV3")]
    [InlineData("2.8", null, "3.5", "SW 2.8->3.0, SW 3.0->3.5, MV 3.5-IV2")]
    [InlineData("3.3", 6, "4.0", "MV 3.3-IV3, SW 3.3->4.0, MV 4.0-IV3")]
    [InlineData("3.3", 7, "4.0", "SW 3.3->4.0, MV 4.0-IV3")]
    [InlineData("3.7", 19, "4.3", "SW 3.7->4.0, MV 4.0-IV3, SW 4.0->4.3, MV 4.3-IV0")]
    [InlineData("3.5", 8, "3.9", "SW 3.5->3.9, MV 3.9-IV0")]
    [InlineData("4.0", 25, "4.2", "SW 4.0->4.2, MV 4.2-IV1")]
    [InlineData("4.1", 25, "4.1", "MV 4.1-IV1")]
    [InlineData("4.1", 26, "4.0", "MV 4.0-IV3, SW 4.1->4.0")]
    [InlineData("4.2", 27, "4.1", "SW 4.2->4.1")]
    [InlineData("3.9", 21, "3.8", "MV 3.8-IV0, SW 3.9->3.8")]
    [InlineData("3.9.0", 21, "3.9.1", "SW 3.9->3.9.1")]
    public void KRaft_paths(string current, int? level, string target, string expected)
    {
        Assert.Equal(expected, Shorts(Planner.Plan(KRaft(current, level, target))));
    }

    [Fact]
    public void Without_finalize_at_end_the_last_software_hop_stays_reversible()
    {
        var noFinalize = new UpgradePathOptions(FinalizeAtEnd: false);

        Assert.Equal("SW 3.7->3.9", Shorts(Planner.Plan(KRaft("3.7", 19, "3.9", noFinalize))));
        Assert.Equal("SW 3.6->3.9", Shorts(Planner.Plan(ZooKeeper("3.6", "3.6-IV2", "3.9", noFinalize))));
        Assert.Equal(
            "SW 3.6->3.9, IBP 3.9-IV0, MIGRATE 3.9-IV0, SW 3.9->4.0, MV 4.0-IV3, SW 4.0->4.1",
            Shorts(Planner.Plan(ZooKeeper("3.6", "3.6-IV2", "4.1", noFinalize))));
    }

    [Fact]
    public void Hops_chain_and_carry_modes_and_versions()
    {
        var path = Planner.Plan(ZooKeeper("3.6", "3.6-IV2", "4.1"));

        for (var i = 1; i < path.Hops.Count; i++)
        {
            Assert.Equal(path.Hops[i - 1].ToVersion, path.Hops[i].FromVersion);
            Assert.Equal(path.Hops[i - 1].ModeAfter, path.Hops[i].ModeBefore);
        }

        Assert.Equal(KafkaVersion.Parse("4.1"), path.Hops[^1].ToVersion);
        Assert.All(path.Hops.Take(2), h => Assert.Equal(MetadataMode.ZooKeeper, h.ModeAfter));
        Assert.All(path.Hops.Skip(2), h => Assert.Equal(MetadataMode.KRaft, h.ModeAfter));
    }

    [Fact]
    public void Rollback_boundaries_are_the_metadata_changes_and_leaving_zookeeper()
    {
        var path = Planner.Plan(ZooKeeper("3.6", "3.6-IV2", "4.1"));

        Assert.Equal(
            [false, true, true, false, true, false, false],
            path.Hops.Select(h => h.IsRollbackBoundary).ToArray());
        // 4.1-IV0 and 4.1-IV1 carry no metadata changes, so finalizing 4.1 leaves a safe downgrade to 4.0-IV3.
        Assert.Contains("safe downgrade stays possible", path.Hops[^1].Reason, StringComparison.Ordinal);
        Assert.Contains("4.0-IV3", path.Hops[4].FeatureAfter, StringComparison.Ordinal);
        Assert.Equal(25, path.Hops[4].MetadataLevel);
        Assert.Equal("3.9-IV0", path.Hops[4].FeatureBefore);
        Assert.Equal(FeatureNames.MetadataVersion, path.Hops[4].Feature);
        Assert.Equal(FeatureNames.InterBrokerProtocol, path.Hops[1].Feature);
        Assert.Equal("3.6-IV2", path.Hops[1].FeatureBefore);
        Assert.Null(path.Hops[0].Feature);
    }

    [Fact]
    public void A_safe_metadata_downgrade_is_not_a_rollback_boundary()
    {
        var path = Planner.Plan(KRaft("4.1", 26, "4.0"));

        Assert.All(path.Hops, h => Assert.False(h.IsRollbackBoundary));
        Assert.True(path.Hops[1].IsSoftwareDowngrade);
        Assert.Contains("safe downgrade", path.Hops[0].Reason, StringComparison.Ordinal);
        Assert.Contains("kafka-features.sh downgrade --feature metadata.version=25", path.Hops[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reasons_name_the_versions()
    {
        var path = Planner.Plan(ZooKeeper("3.6", "3.6-IV2", "4.1"));

        Assert.Contains("from 3.6 to 3.9", path.Hops[0].Reason, StringComparison.Ordinal);
        Assert.Contains("inter.broker.protocol.version stays pinned at 3.6-IV2", path.Hops[0].Reason, StringComparison.Ordinal);
        Assert.Contains("inter.broker.protocol.version=3.9-IV0", path.Hops[1].Reason, StringComparison.Ordinal);
        Assert.Contains("zookeeper.metadata.migration.enable=true", path.Hops[2].Reason, StringComparison.Ordinal);
        Assert.Contains("crosses into the 4.x line", path.Hops[3].Reason, StringComparison.Ordinal);
        Assert.Contains("mixed versions cannot finalize", path.Hops[4].Reason, StringComparison.Ordinal);
        // Naming the feature, not --release-version, which on 4.1+ would also raise kraft.version (KAFKA-21426).
        Assert.Contains("kafka-features.sh upgrade --feature metadata.version=25", path.Hops[4].Reason, StringComparison.Ordinal);
        Assert.Contains("4.1 is the requested target", path.Hops[5].Reason, StringComparison.Ordinal);
        Assert.All(path.Hops, h => Assert.False(string.IsNullOrWhiteSpace(h.Reason)));
    }

    [Fact]
    public void Finalizing_before_4_x_names_the_3_3_minimum()
    {
        var path = Planner.Plan(KRaft("3.3", 6, "4.0"));

        Assert.Contains("refuses to run below metadata.version 3.3-IV3 (7)", path.Hops[0].Reason, StringComparison.Ordinal);
        Assert.Equal(7, path.Hops[0].MetadataLevel);
    }

    [Fact]
    public void Warnings_name_java_client_and_zookeeper_changes()
    {
        var toKRaft = Planner.Plan(ZooKeeper("3.6", "3.6-IV2", "4.1"));

        Assert.Contains(toKRaft.Warnings, w => w.Contains("Kafka 4.0 brokers need Java 17", StringComparison.Ordinal));
        Assert.Contains(toKRaft.Warnings, w => w.Contains("clients older than 2.1 (KIP-896", StringComparison.Ordinal));
        Assert.Contains(toKRaft.Warnings, w => w.Contains("need Java 11", StringComparison.Ordinal));
        Assert.DoesNotContain(toKRaft.Warnings, w => w.Contains("stays in ZooKeeper", StringComparison.Ordinal));

        var staysZk = Planner.Plan(ZooKeeper("3.4", "3.4-IV0", "3.6"));
        Assert.Contains(staysZk.Warnings, w => w.Contains("stays in ZooKeeper mode, which Kafka 3.6 deprecates and 4.0 removes", StringComparison.Ordinal));
        Assert.DoesNotContain(staysZk.Warnings, w => w.Contains("Java", StringComparison.Ordinal));
    }

    [Fact]
    public void Passes_on_the_catalog_notes_of_each_release_on_the_way()
    {
        var path = Planner.Plan(KRaft("4.0", 25, "4.1"));

        Assert.Contains("Kafka 4.1: A static quorum can be upgraded to a dynamic one (kraft.version 0 -> 1).", path.Warnings);
        Assert.DoesNotContain(path.Warnings, w => w.StartsWith("Kafka 4.0:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_downgrade_does_not_warn_about_rising_minimums()
    {
        var path = Planner.Plan(KRaft("4.1", 26, "4.0"));

        Assert.Empty(path.Warnings);
    }

    [Fact]
    public void Warns_when_the_inter_broker_protocol_is_not_pinned()
    {
        var path = Planner.Plan(ZooKeeper("3.6", null, "3.9"));

        Assert.Equal("SW 3.6->3.9, IBP 3.9-IV0", Shorts(path));
        Assert.Equal("3.6-IV2", path.Hops[1].FeatureBefore);
        Assert.Contains(path.Warnings, w => w.Contains("pin inter.broker.protocol.version=3.6-IV2", StringComparison.Ordinal));
    }

    [Fact]
    public void Warns_about_kraft_before_production_readiness()
    {
        var path = Planner.Plan(KRaft("3.1", null, "3.9"));

        Assert.Contains(path.Warnings, w => w.Contains("Kafka 3.1 runs KRaft as Preview", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("4.1", 27, "4.1", "Nothing to do: the cluster already runs 4.1 in KRaft mode with metadata.version 4.1-IV1 (27)")]
    [InlineData("3.2", null, "3.2", "Nothing to do: the cluster already runs 3.2 in KRaft mode with metadata.version none (before 3.3)")]
    [InlineData("4.0", 25, "3.9", "the cluster has finalized metadata.version 4.0-IV3 (25), Kafka 3.9 runs at most 3.9-IV0 (21), and metadata.version 4.0-IV1 (23) changed the metadata format")]
    [InlineData("3.7", 17, "3.6", "metadata.version 3.7-IV2 (17) changed the metadata format")]
    [InlineData("3.5", 8, "3.2", "Kafka 3.2 cannot run the finalized metadata.version 3.4-IV0 (8)")]
    [InlineData("3.5", null, "4.0", "reports no finalized metadata.version")]
    [InlineData("3.6", 21, "4.0", "Kafka 3.6 cannot run with metadata.version 3.9-IV0 (21) (it supports levels 1 to 14)")]
    [InlineData("4.0", 99, "4.1", "metadata.version level 99 is not in the version catalog")]
    [InlineData("3.0", 1, "3.9", "Kafka 3.0 cannot run with metadata.version 3.0-IV1 (1) (it supports no metadata.version at all)")]
    public void KRaft_refusals(string current, int? level, string target, string message)
    {
        var ex = Assert.Throws<UpgradePathException>(() => Planner.Plan(KRaft(current, level, target)));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3.9", "3.9-IV0", "3.9", "Nothing to do: the cluster already runs 3.9 with inter.broker.protocol.version 3.9-IV0")]
    [InlineData("3.6", "3.6-IV2", "3.5", "Cannot downgrade the ZooKeeper cluster from 3.6 to 3.5: inter.broker.protocol.version is 3.6-IV2, newer than Kafka 3.5 speaks (its latest is 3.5-IV2)")]
    [InlineData("4.0", "3.9", "4.1", "runs 4.0 in ZooKeeper mode, but ZooKeeper mode was removed in 4.0")]
    [InlineData("3.6", "banana", "3.9", "inter.broker.protocol.version 'banana' is not a protocol version")]
    [InlineData("3.6", "3.7-IV0", "3.9", "inter.broker.protocol.version 3.7-IV0 is newer than Kafka 3.6 supports (its latest is 3.6-IV2)")]
    public void ZooKeeper_refusals(string current, string ibp, string target, string message)
    {
        var ex = Assert.Throws<UpgradePathException>(() => Planner.Plan(ZooKeeper(current, ibp, target)));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zookeeper_target_without_zookeeper_needs_migration()
    {
        var request = ZooKeeper("3.6", "3.6-IV2", "4.0", new UpgradePathOptions(AllowZooKeeperMigration: false));

        var ex = Assert.Throws<UpgradePathException>(() => Planner.Plan(request));
        Assert.Contains(
            "Cannot upgrade the ZooKeeper cluster from 3.6 to 4.0: Kafka 4.0 runs KRaft only (ZooKeeper was removed in 4.0) and the request does not allow migrating it to KRaft (which would happen on 3.9)",
            ex.Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MetadataMode.MigrationQuorumProvisioned)]
    [InlineData(MetadataMode.MigrationBrokersInMigrationMode)]
    [InlineData(MetadataMode.MigrationDualWrite)]
    [InlineData(MetadataMode.MigrationBrokersInKRaft)]
    public void A_migration_left_part_done_is_finished_first_on_the_way_to_a_kraft_only_target(MetadataMode mode)
    {
        var request = new UpgradePathRequest(KafkaVersion.Parse("3.9"), mode, new ClusterFeatures(21, 0, "3.9-IV0"), KafkaVersion.Parse("4.0"));

        var path = Planner.Plan(request);

        Assert.Equal(UpgradeHopKind.MigrateToKRaft, path.Hops[0].Kind);
        Assert.Contains($"left at {mode}", path.Hops[0].Reason, StringComparison.Ordinal);
        Assert.Equal(MetadataMode.KRaft, path.Hops[^1].ModeAfter);
        Assert.Equal(KafkaVersion.Parse("4.0"), path.Hops[^1].ToVersion);
    }

    [Theory]
    [InlineData(MetadataMode.MigrationQuorumProvisioned, "3.9")]
    [InlineData(MetadataMode.MigrationDualWrite, "3.8")]
    public void Mid_migration_states_are_refused_for_a_target_that_keeps_zookeeper(MetadataMode mode, string target)
    {
        var request = new UpgradePathRequest(KafkaVersion.Parse("3.9"), mode, new ClusterFeatures(21, 0, "3.9-IV0"), KafkaVersion.Parse(target));

        var ex = Assert.Throws<UpgradePathException>(() => Planner.Plan(request));
        Assert.Contains($"in the middle of a ZooKeeper to KRaft migration ({mode}): finish or roll back the migration first", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5.0", "4.1")]
    [InlineData("4.1", "5.0")]
    [InlineData("2.7", "3.9")]
    public void Unknown_versions_are_reported_by_the_catalog(string current, string target)
    {
        var ex = Assert.Throws<UnknownVersionException>(() => Planner.Plan(KRaft(current, 25, target)));
        Assert.Contains("is not in the version catalog", ex.Message, StringComparison.Ordinal);
    }
}
