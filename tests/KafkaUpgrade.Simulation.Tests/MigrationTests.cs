using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.Traffic;
using static KafkaUpgrade.Simulation.Tests.SimTestClusters;

namespace KafkaUpgrade.Simulation.Tests;

/// <summary>Kafka 3.9's "ZooKeeper to KRaft Migration" procedure, step by step, and its rollback.</summary>
public class MigrationTests
{
    internal static readonly int[] Controllers = [100, 101, 102];
    private static readonly int[] BrokerIds = [1, 2, 3];

    internal static async Task<KafkaSimulator> ZooKeeperOn39()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        sim.StartTraffic(new TrafficSpec(200_000));
        // Kafka's upgrade procedure: roll the binaries with the IBP pinned, then bump it and roll again.
        await Roll(sim, id => ZkBroker(V39, $"r{id}", ibp: "3.8-IV0"));
        await Roll(sim, id => ZkBroker(V39, $"r{id}", ibp: "3.9-IV0"));
        return sim;
    }

    internal static async Task Roll(KafkaSimulator sim, Func<int, NodeConfig> config, IEnumerable<int>? nodes = null)
    {
        foreach (var id in nodes ?? BrokerIds)
        {
            await sim.Provisioner.RestartAsync(id, config(id));
            Assert.True(sim.RunUntil(s => s.FindNode(id)!.State == NodeState.Running && s.AllPartitions.All(p => !p.Partition.IsUnderReplicated), TimeSpan.FromMinutes(5)),
                $"node {id} did not come back healthy: {sim.Node(id).State}");
        }
    }

    internal static async Task ProvisionQuorum(KafkaSimulator sim)
    {
        foreach (var id in Controllers)
        {
            await sim.Provisioner.ProvisionAsync(id, new NodeConfig(V39, NodeRoles.Controller, $"r{id - 99}", ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: Controllers));
        }

        Assert.True(sim.RunUntil(s => s.MetadataMode == MetadataMode.MigrationQuorumProvisioned && s.Quorum!.HasLeader, TimeSpan.FromMinutes(3)));
    }

    internal static NodeConfig MigratingBroker(int id) => ZkBroker(V39, $"r{id}", ibp: "3.9-IV0", migration: true, voters: Controllers);

    internal static NodeConfig KRaftBroker(int id) => new(V39, NodeRoles.Broker, $"r{id}", ControllerQuorumVoters: Controllers);

    [Fact]
    public async Task The_full_migration_walks_through_every_phase_and_loses_no_acknowledged_write()
    {
        var sim = await ZooKeeperOn39();
        await ProvisionQuorum(sim);
        Assert.Equal(ZkMigrationState.PreMigration, (await sim.Admin.DescribeMigrationAsync()).State);

        await Roll(sim, MigratingBroker);
        Assert.True(sim.RunUntil(s => s.MetadataMode == MetadataMode.MigrationDualWrite, TimeSpan.FromMinutes(1)));
        var migration = await sim.Admin.DescribeMigrationAsync();
        Assert.Equal(ZkMigrationState.Migration, migration.State);
        Assert.Equal("Completed migration of metadata from Zookeeper to KRaft.", migration.Message);
        Assert.Equal(BrokerIds, migration.MigratingZooKeeperBrokers);

        var duringMigration = await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.UpdateFeaturesAsync([new FeatureUpdate("metadata.version", 21)]));
        Assert.Contains("while a ZK migration is in progress", duringMigration.Message, StringComparison.Ordinal);

        await Roll(sim, KRaftBroker);
        Assert.Equal(MetadataMode.MigrationBrokersInKRaft, sim.Snapshot().MetadataMode);

        await Roll(sim, id => new NodeConfig(V39, NodeRoles.Controller, $"r{id - 99}", ControllerQuorumVoters: Controllers), Controllers);
        Assert.True(sim.RunUntil(s => s.MetadataMode == MetadataMode.KRaft, TimeSpan.FromMinutes(1)));
        Assert.Equal(ZkMigrationState.PostMigration, (await sim.Admin.DescribeMigrationAsync()).State);
        Assert.Equal(21, sim.Snapshot().Features.MetadataVersionLevel);

        var stats = sim.Statistics;
        Assert.True(stats.AckedWrites > 10_000);
        Assert.Equal(0, stats.LostAckedWrites);
        Assert.Equal(0, sim.CountLostAckedWrites());
        Assert.Equal(0, stats.MinIsrViolations);
    }

    [Fact]
    public async Task A_kraft_broker_cannot_register_before_the_metadata_is_migrated()
    {
        var sim = await ZooKeeperOn39();
        await ProvisionQuorum(sim);
        await sim.Provisioner.RestartAsync(1, KRaftBroker(1));
        Assert.True(sim.RunUntil(s => s.FindNode(1)!.State == NodeState.Failed, TimeSpan.FromMinutes(3)));
        Assert.Contains("BROKER_ID_NOT_REGISTERED", (await sim.Provisioner.DescribeNodeAsync(1))!.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rolling_back_from_dual_write_restores_zookeeper_mode_without_losing_data()
    {
        var sim = await ZooKeeperOn39();
        await ProvisionQuorum(sim);
        await Roll(sim, MigratingBroker);
        Assert.True(sim.RunUntil(s => s.MetadataMode == MetadataMode.MigrationDualWrite, TimeSpan.FromMinutes(1)));

        // Kafka's table, "brokers in migration mode": deprovision the quorum, delete /controller, roll the brokers without the flag.
        var early = await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.ResetZooKeeperControllerAsync());
        Assert.Contains("still running", early.Message, StringComparison.Ordinal);
        foreach (var id in Controllers)
        {
            await sim.Provisioner.DecommissionAsync(id);
        }

        sim.Step(TimeSpan.FromSeconds(5));
        Assert.Equal(MetadataMode.ZooKeeper, sim.Snapshot().MetadataMode);
        await sim.Admin.ResetZooKeeperControllerAsync();
        Assert.NotNull(sim.Snapshot().ZooKeeperControllerId);
        await Roll(sim, id => ZkBroker(V39, $"r{id}", ibp: "3.9-IV0"));

        var migration = await sim.Admin.DescribeMigrationAsync();
        Assert.Equal(ZkMigrationState.ZooKeeper, migration.State);
        Assert.Equal(0, sim.Statistics.LostAckedWrites);
        Assert.Equal(0, sim.Statistics.UnsafeRemovals);
    }

    [Fact]
    public async Task After_finalization_there_is_no_way_back()
    {
        var sim = await ZooKeeperOn39();
        await ProvisionQuorum(sim);
        await Roll(sim, MigratingBroker);
        await Roll(sim, KRaftBroker);
        await Roll(sim, id => new NodeConfig(V39, NodeRoles.Controller, $"r{id - 99}", ControllerQuorumVoters: Controllers), Controllers);
        Assert.True(sim.RunUntil(s => s.MetadataMode == MetadataMode.KRaft, TimeSpan.FromMinutes(1)));

        var refused = await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.ResetZooKeeperControllerAsync());
        Assert.Contains("cannot revert", refused.Message, StringComparison.Ordinal);
        await sim.Provisioner.RestartAsync(1, ZkBroker(V39, "r1", ibp: "3.9-IV0"));
        Assert.True(sim.RunUntil(s => s.FindNode(1)!.State == NodeState.Failed, TimeSpan.FromMinutes(1)));
    }
}
