using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Admin;

namespace KafkaUpgrade.Kafka.Tests;

/// <summary>
/// The adapter bound to one controller bootstrap address (a DNS name or VIP for every controller, KIP-853) before
/// the controllers exist, through a ZooKeeper to KRaft migration; and a KRaft cluster through the same kind of address.
/// </summary>
public sealed class ControllerBootstrapOverWireTests
{
    private static readonly int[] QuorumIds = [3000, 3001, 3002];

    private static async Task ProvisionMigrationQuorumAsync(WireCluster cluster)
    {
        var version = cluster.State.Brokers.First().Version;
        foreach (var id in QuorumIds)
        {
            await cluster.Simulator.Provisioner.ProvisionAsync(id, new NodeConfig(version, NodeRoles.Controller, "eu-west-1a", ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: QuorumIds));
        }

        await cluster.RunUntilAsync(s => s.Quorum is { HasLeader: true } && QuorumIds.All(id => s.FindNode(id) is { IsRunning: true }));
    }

    [Fact]
    public async Task A_zookeeper_cluster_with_no_controller_behind_the_address_is_described_as_zookeeper()
    {
        await using var cluster = await WireCluster.StartAsync("small-zk-3.8.json", controllerBootstrap: true);
        var expected = cluster.State;

        // Before: every call failed with NETWORK_EXCEPTION after the bounded retries on the quorum.
        var state = await cluster.Admin.DescribeClusterAsync();

        Assert.Equal(MetadataMode.ZooKeeper, state.MetadataMode);
        Assert.Null(state.Quorum);
        Assert.Equal(expected.ZooKeeperControllerId, state.ZooKeeperControllerId);
        Assert.Equal(expected.Features, state.Features);
        Assert.Equal(expected.Nodes.Select(n => (n.Id, n.Roles, n.State)), state.Nodes.Select(n => (n.Id, n.Roles, n.State)));
        Assert.Equal(ZkMigrationState.ZooKeeper, (await cluster.Admin.DescribeMigrationAsync()).State);
    }

    [Fact]
    public async Task Controllers_provisioned_behind_the_address_show_the_migration_and_every_later_phase()
    {
        await using var cluster = await WireCluster.StartAsync("small-zk-3.8.json", controllerBootstrap: true);
        Assert.Equal(MetadataMode.ZooKeeper, (await cluster.Admin.DescribeClusterAsync()).MetadataMode);

        await ProvisionMigrationQuorumAsync(cluster);
        Assert.Equal(MetadataMode.MigrationQuorumProvisioned, cluster.State.MetadataMode);

        // The ZooKeeper controller is still a broker: one attempt reaches a controller and the quorum is described.
        var provisioned = await cluster.Admin.DescribeClusterAsync();
        Assert.Equal(MetadataMode.MigrationQuorumProvisioned, provisioned.MetadataMode);
        Assert.Equal(cluster.State.Quorum!.LeaderId, provisioned.Quorum!.LeaderId);
        Assert.Equal(QuorumIds, provisioned.Quorum.Voters.Select(v => v.NodeId).Order());
        Assert.Equal(QuorumIds, provisioned.Controllers.Select(c => c.Id).Order());

        // Every broker into migration mode: the KRaft controller takes /controller and copies the metadata (KIP-866).
        // From then on no broker proves a ZooKeeper controller in charge, and the quorum is read with the bounded
        // retries. (A binding made after the roll: the first one's connections all went with the restarts.)
        foreach (var id in cluster.State.Brokers.Select(b => b.Id).ToList())
        {
            var config = (await cluster.Simulator.Provisioner.DescribeNodeAsync(id))!.Config with { ZooKeeperMigrationEnabled = true, ControllerQuorumVoters = QuorumIds };
            await cluster.Simulator.Provisioner.RestartAsync(id, config);
            await cluster.RunUntilAsync(s => s.FindNode(id)!.State == NodeState.Running && s.AllPartitions.All(p => !p.Partition.IsUnderReplicated));
        }

        await cluster.RunUntilAsync(s => s.MetadataMode == MetadataMode.MigrationDualWrite);
        await using var admin = WireCluster.Bind(cluster.Front, controllers: true, metrics: true, cluster.State.ClusterId, WireCluster.ControllerBootstrapOptions(cluster.Front));
        var dualWrite = await admin.DescribeClusterAsync();
        Assert.Equal(MetadataMode.MigrationDualWrite, dualWrite.MetadataMode);
        Assert.Null(dualWrite.ZooKeeperControllerId);
        Assert.Equal(cluster.State.Quorum!.LeaderId, dualWrite.Quorum!.LeaderId);
        Assert.Equal(ZkMigrationState.Migration, (await admin.DescribeMigrationAsync()).State);
    }

    [Fact]
    public async Task A_leader_stopping_behind_the_address_does_not_make_the_migration_look_like_zookeeper()
    {
        await using var cluster = await WireCluster.StartAsync("small-zk-3.8.json", controllerBootstrap: true);
        await ProvisionMigrationQuorumAsync(cluster);
        Assert.Equal(MetadataMode.MigrationQuorumProvisioned, (await cluster.Admin.DescribeClusterAsync()).MetadataMode);

        // The binding's connection to the address went to the leader; the leader stops and takes it along. The one
        // attempt is made on a new connection, which reaches a live controller: still the migration.
        var leader = cluster.State.Quorum!.LeaderId;
        await cluster.Simulator.Provisioner.StopAsync(leader);
        await cluster.RunUntilAsync(s => s.FindNode(leader)!.State == NodeState.Stopped && s.Quorum is { HasLeader: true } q && q.LeaderId != leader);

        var state = await cluster.Admin.DescribeClusterAsync();
        Assert.Equal(MetadataMode.MigrationQuorumProvisioned, state.MetadataMode);
        Assert.Equal(cluster.State.Quorum!.LeaderId, state.Quorum!.LeaderId);
    }

    [Fact]
    public async Task An_unreachable_quorum_once_every_broker_runs_in_migration_mode_is_an_error_not_zookeeper_mode()
    {
        await using var cluster = await WireCluster.StartAsync("small-zk-3.8.json", controllerBootstrap: true);
        await ProvisionMigrationQuorumAsync(cluster);
        foreach (var id in QuorumIds)
        {
            await cluster.Simulator.Provisioner.StopAsync(id);
        }

        await cluster.RunUntilAsync(s => QuorumIds.All(id => s.FindNode(id)!.State == NodeState.Stopped));

        // Every broker rolled into migration mode while the quorum is down: a ZooKeeper controller is still in charge
        // (no KRaft controller could claim /controller), but nothing on the brokers proves that any more.
        foreach (var id in cluster.State.Brokers.Select(b => b.Id).ToList())
        {
            var config = (await cluster.Simulator.Provisioner.DescribeNodeAsync(id))!.Config with { ZooKeeperMigrationEnabled = true, ControllerQuorumVoters = QuorumIds };
            await cluster.Simulator.Provisioner.RestartAsync(id, config);
            await cluster.RunUntilAsync(s => s.FindNode(id)!.State == NodeState.Running && s.AllPartitions.All(p => !p.Partition.IsUnderReplicated));
        }

        Assert.True(cluster.State.MetadataMode.IsMigrating());
        await using var admin = WireCluster.Bind(cluster.Front, controllers: true, metrics: true, cluster.State.ClusterId, WireCluster.ControllerBootstrapOptions(cluster.Front));
        var error = await Assert.ThrowsAsync<KafkaApiException>(() => admin.DescribeClusterAsync());
        Assert.Equal("NETWORK_EXCEPTION", error.Error.Name);
        Assert.Contains($"bootstrap controllers unreachable after 3 attempts: {cluster.Front.ControllerBootstrap}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_migration_rolled_back_behind_the_address_stays_describable_at_every_step_with_zookeeper_configured()
    {
        await using var cluster = await WireCluster.StartAsync("small-zk-3.8.json", controllerBootstrap: true);
        await ProvisionMigrationQuorumAsync(cluster);
        var brokers = cluster.State.Brokers.Select(b => b.Id).ToList();
        await RollBrokersAsync(cluster, brokers, migration: true);
        await cluster.RunUntilAsync(s => s.MetadataMode == MetadataMode.MigrationDualWrite);

        // ZooKeeper's /controller as Kafka writes it: the KRaft leader that claimed it (KIP-866) until the rollback
        // deletes it, then the ZooKeeper broker elected. The simulator keeps no znodes; this reads its state the same way.
        var kraftHolder = cluster.State.Quorum!.LeaderId;
        var simulator = cluster.Simulator;
        await using var admin = WireCluster.Bind(cluster.Front, controllers: true, metrics: true, cluster.State.ClusterId, WireCluster.ControllerBootstrapOptions(cluster.Front), o => o with
        {
            DescribeNode = simulator.Provisioner.DescribeNodeAsync,
            ResetZooKeeperController = async token =>
            {
                using var http = new HttpClient();
                using var answer = await http.PostAsync(new Uri(cluster.Front.ControlAddress, "v1/zookeeper/reset-controller"), null, token);
                answer.EnsureSuccessStatusCode();
            },
            ReadZooKeeperController = _ => Task.FromResult<ZooKeeperControllerHolder?>(
                simulator.Snapshot().ZooKeeperControllerId is { } broker ? new(broker, IsKRaftController: false) : new(kraftHolder, IsKRaftController: true)),
        });
        Assert.Equal(MetadataMode.MigrationDualWrite, (await admin.DescribeClusterAsync()).MetadataMode);

        // Kafka's "Reverting to ZooKeeper mode" with the brokers still in ZooKeeper mode: take the quorum down. A
        // KRaft controller still holds /controller, but the provisioner says it is gone: no quorum, not an outage.
        // Before: NETWORK_EXCEPTION after the bounded retries on the quorum, so the rollback's ZooKeeper step could
        // not run. No controller at all is in charge until /controller is deleted, so what only a controller answers
        // (ListPartitionReassignments) is refused as Kafka refuses it; the mode and the migration are readable.
        foreach (var id in QuorumIds)
        {
            await simulator.Provisioner.DecommissionAsync(id);
        }

        await cluster.RunUntilAsync(s => QuorumIds.All(id => s.FindNode(id) is null or { State: NodeState.Decommissioned }));
        Assert.Equal(ZkMigrationState.ZooKeeper, (await admin.DescribeMigrationAsync()).State);
        var noController = await Assert.ThrowsAsync<KafkaApiException>(() => admin.DescribeClusterAsync());
        Assert.Equal("NOT_CONTROLLER", noController.Error.Name);

        // Delete /controller and /migration: a ZooKeeper broker is elected. Every broker still runs with the migration
        // flag, so nothing on the brokers proves that any more; /controller does.
        await admin.ResetZooKeeperControllerAsync();
        await cluster.RunUntilAsync(s => s.ZooKeeperControllerId is not null);
        var reset = await admin.DescribeClusterAsync();
        Assert.Equal(MetadataMode.ZooKeeper, reset.MetadataMode);
        Assert.Equal(cluster.State.ZooKeeperControllerId, reset.ZooKeeperControllerId);

        await RollBrokersAsync(cluster, brokers, migration: false);
        var rolledBack = await admin.DescribeClusterAsync();
        Assert.Equal(MetadataMode.ZooKeeper, rolledBack.MetadataMode);
        Assert.Equal(ZkMigrationState.ZooKeeper, (await admin.DescribeMigrationAsync()).State);
    }

    private static async Task RollBrokersAsync(WireCluster cluster, IReadOnlyList<int> brokers, bool migration)
    {
        foreach (var id in brokers)
        {
            var config = (await cluster.Simulator.Provisioner.DescribeNodeAsync(id))!.Config;
            config = migration ? config with { ZooKeeperMigrationEnabled = true, ControllerQuorumVoters = QuorumIds } : config with { ZooKeeperMigrationEnabled = false };
            await cluster.Simulator.Provisioner.RestartAsync(id, config);
            await cluster.RunUntilAsync(s => s.FindNode(id)!.State == NodeState.Running && s.AllPartitions.All(p => !p.Partition.IsUnderReplicated));
        }
    }

    [Fact]
    public async Task A_kraft_cluster_through_the_address_keeps_its_quorum_and_voter_changes_after_a_controller_stops()
    {
        await using var cluster = await WireCluster.StartAsync(controllerBootstrap: true);
        var expected = cluster.State.Quorum!;

        var quorum = await cluster.Admin.DescribeQuorumAsync();
        Assert.Equal(expected.LeaderId, quorum.LeaderId);
        Assert.Equal(expected.Voters.Select(v => (v.NodeId, v.DirectoryId)), quorum.Voters.Select(v => (v.NodeId, v.DirectoryId)));
        Assert.Equal(MetadataMode.KRaft, (await cluster.Admin.DescribeClusterAsync()).MetadataMode);

        // The leader stops: the connection the address gave it goes with it, and the next ones reach the others.
        var stopped = expected.LeaderId;
        await cluster.Simulator.Provisioner.StopAsync(stopped);
        await cluster.RunUntilAsync(s => s.FindNode(stopped)!.State == NodeState.Stopped && s.Quorum is { HasLeader: true } q && q.LeaderId != stopped);
        var after = await cluster.Admin.DescribeQuorumAsync();
        Assert.Equal(cluster.State.Quorum!.LeaderId, after.LeaderId);
        Assert.NotEqual(stopped, after.LeaderId);
        var described = await cluster.Admin.DescribeClusterAsync();
        Assert.Equal(MetadataMode.KRaft, described.MetadataMode);
        Assert.Equal(after.LeaderId, described.Quorum!.LeaderId);

        // KIP-853 controller replacement through the same address: a new controller on a port picked now joins the voters.
        var version = cluster.State.Controllers.First().Version;
        var info = await cluster.Simulator.Provisioner.ProvisionAsync(3003, new NodeConfig(version, NodeRoles.Controller, "eu-west-1a"));
        await cluster.RunUntilAsync(s => s.Quorum!.Observers.Any(o => o.NodeId == 3003 && o.LastCaughtUpTimestampMs is not null) && s.FindNode(3003) is { IsRunning: true });
        await cluster.WhileSteppingAsync(() => cluster.Admin.AddRaftVoterAsync(3003, info.DirectoryId));
        await cluster.RunUntilAsync(s => s.Quorum!.Voters.Any(v => v.NodeId == 3003), TimeSpan.FromMinutes(1));
        Assert.Contains(3003, (await cluster.Admin.DescribeQuorumAsync()).Voters.Select(v => v.NodeId));
    }
}
