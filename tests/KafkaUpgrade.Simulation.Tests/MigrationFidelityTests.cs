using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.Traffic;
using static KafkaUpgrade.Simulation.Tests.MigrationTests;
using static KafkaUpgrade.Simulation.Tests.SimTestClusters;

namespace KafkaUpgrade.Simulation.Tests;

/// <summary>Issue 13, rules 2, 7 and 11: the migration's prerequisites, its copy phase and finalization as Kafka runs them.</summary>
public class MigrationFidelityTests
{
    private static NodeConfig Controller(int id, bool migration = true) =>
        new(V39, NodeRoles.Controller, $"r{id - 99}", ZooKeeperMigrationEnabled: migration, ControllerQuorumVoters: Controllers);

    [Fact]
    public async Task Rule2_brokers_whose_ibp_does_not_match_the_controllers_metadata_version_keep_the_migration_in_pre_migration()
    {
        // 3.9 binaries, IBP still pinned at 3.8-IV0; the 3.9 controllers are formatted at 3.9-IV0.
        var sim = KafkaSimulator.Load(ThreeBrokers());
        await Roll(sim, id => ZkBroker(V39, $"r{id}", ibp: "3.8-IV0"));
        await ProvisionQuorum(sim);
        await Roll(sim, id => ZkBroker(V39, $"r{id}", ibp: "3.8-IV0", migration: true, voters: Controllers));
        sim.Step(TimeSpan.FromMinutes(2));

        var migration = await sim.Admin.DescribeMigrationAsync();
        Assert.Equal(ZkMigrationState.PreMigration, migration.State);
        Assert.Empty(migration.MigratingZooKeeperBrokers);
        Assert.Contains("UNSUPPORTED_VERSION", migration.Message, StringComparison.Ordinal);
        Assert.Contains("between 3.8-IV0 and 3.8-IV0", migration.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule2_every_controller_needs_the_migration_flag()
    {
        var sim = await ZooKeeperOn39();
        foreach (var id in Controllers)
        {
            await sim.Provisioner.ProvisionAsync(id, Controller(id, migration: id != 102));
        }

        Assert.True(sim.RunUntil(s => s.Quorum is { HasLeader: true }, TimeSpan.FromMinutes(3)));
        await Roll(sim, MigratingBroker);
        sim.Step(TimeSpan.FromMinutes(2));
        var migration = await sim.Admin.DescribeMigrationAsync();
        Assert.NotEqual(ZkMigrationState.Migration, migration.State);
        Assert.NotNull(sim.Snapshot().ZooKeeperControllerId);
    }

    [Fact]
    public async Task Rule2_migration_mode_needs_an_ibp_of_at_least_3_4()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        await sim.Provisioner.RestartAsync(1, ZkBroker(V39, "r1", ibp: "3.3-IV3", migration: true, voters: Controllers));
        Assert.True(sim.RunUntil(s => s.FindNode(1)!.State == NodeState.Failed, TimeSpan.FromMinutes(1)));
        Assert.Contains("'inter.broker.protocol.version' to 3.4 or higher", (await sim.Provisioner.DescribeNodeAsync(1))!.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule2_a_release_without_migration_support_does_not_migrate()
    {
        var v33 = KafkaVersion.Parse("3.3.2");
        var sim = KafkaSimulator.Load(ThreeBrokers(version: "3.3.2") with { Features = new ClusterFeatures(null, 0, "3.3-IV3") });
        foreach (var id in Controllers)
        {
            await sim.Provisioner.ProvisionAsync(id, new NodeConfig(v33, NodeRoles.Controller, $"r{id - 99}", ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: Controllers));
        }

        Assert.True(sim.RunUntil(s => s.Quorum is { HasLeader: true }, TimeSpan.FromMinutes(3)));
        sim.Step(TimeSpan.FromMinutes(1));
        Assert.Equal(ZkMigrationState.ZooKeeper, (await sim.Admin.DescribeMigrationAsync()).State);
    }

    [Fact]
    public async Task Rule11_metadata_changes_time_out_while_the_metadata_copy_runs()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(), new SimulationOptions { MigrationCopyRecordsPerSecond = 2 });
        await Roll(sim, id => ZkBroker(V39, $"r{id}", ibp: "3.8-IV0"));
        await Roll(sim, id => ZkBroker(V39, $"r{id}", ibp: "3.9-IV0"));
        await ProvisionQuorum(sim);
        await Roll(sim, MigratingBroker);
        Assert.True(sim.RunUntil(s => s.ZooKeeperControllerId is null, TimeSpan.FromSeconds(30)));
        Assert.Equal(ZkMigrationState.PreMigration, (await sim.Admin.DescribeMigrationAsync()).State);

        var move = new Dictionary<TopicPartition, IReadOnlyList<int>?> { [new TopicPartition("t", 0)] = [2, 1, 3] };
        Assert.Equal(KafkaError.RequestTimedOut, (await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.AlterPartitionReassignmentsAsync(move))).Error);
        Assert.Equal(KafkaError.RequestTimedOut, (await Assert.ThrowsAsync<KafkaApiException>(() =>
            sim.Admin.SetReplicationThrottleAsync(new ReplicationThrottle(1 << 20, [1], [new TopicPartition("t", 0)])))).Error);
        Assert.Null(await sim.Admin.DescribeReplicationThrottleAsync());

        Assert.True(sim.RunUntil(s => s.MetadataMode == MetadataMode.MigrationDualWrite, TimeSpan.FromMinutes(3)));
        Assert.Empty(await sim.Admin.AlterPartitionReassignmentsAsync(move));
    }

    [Fact]
    public async Task Rule7_a_zookeeper_broker_still_running_after_finalization_is_stranded()
    {
        var sim = await ZooKeeperOn39();
        await ProvisionQuorum(sim);
        await Roll(sim, MigratingBroker);
        Assert.True(sim.RunUntil(s => s.MetadataMode == MetadataMode.MigrationDualWrite, TimeSpan.FromMinutes(1)));
        await Roll(sim, KRaftBroker, [1, 2]);
        await Roll(sim, id => new NodeConfig(V39, NodeRoles.Controller, $"r{id - 99}", ControllerQuorumVoters: Controllers), Controllers);
        Assert.True(sim.RunUntil(s => s.MetadataMode == MetadataMode.KRaft, TimeSpan.FromMinutes(1)));
        Assert.Equal(NodeState.Running, sim.Node(3).State);

        // Leadership of broker 1's partitions moves: broker 3 never hears of the new leader epoch.
        await sim.Provisioner.StopAsync(1);
        Assert.True(sim.RunUntil(s => s.FindNode(1)!.State == NodeState.Stopped, TimeSpan.FromSeconds(10)));
        await sim.Provisioner.StartAsync(1);
        Assert.True(sim.RunUntil(s => s.FindNode(1)!.State == NodeState.Running, TimeSpan.FromMinutes(1)));
        sim.Step(TimeSpan.FromMinutes(2));

        var t0 = sim.Partition("t", 0);
        Assert.Contains(1, t0.Isr);
        Assert.DoesNotContain(3, t0.Isr);
    }
}
