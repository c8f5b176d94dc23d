using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Connection;
using KafkaUpgrade.Kafka.Metrics;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Client;
using KafkaUpgrade.Simulation.Traffic;

namespace KafkaUpgrade.Kafka.Tests;

/// <summary>The adapter against a cluster served over Kafka's protocol by the wire front; outcomes are read back from the simulator.</summary>
public sealed class AdminOverWireTests
{
    private static (TopicPartition Id, PartitionState Partition, int Spare) Movable(ClusterState state, string topic = "orders")
    {
        var t = state.Topics.Single(x => x.Name == topic);
        var p = t.Partitions[0];
        var spare = state.Brokers.Select(b => b.Id).First(b => !p.Replicas.Contains(b));
        return (new TopicPartition(topic, p.Partition), p, spare);
    }

    [Fact]
    public async Task Reassign_list_and_cancel()
    {
        await using var cluster = await WireCluster.StartAsync();
        var (id, partition, spare) = Movable(cluster.State);
        IReadOnlyList<int> target = [.. partition.Replicas.Take(2), spare];

        var errors = await cluster.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [id] = target, [new TopicPartition("orders", 999)] = target });

        Assert.Equal("UNKNOWN_TOPIC_OR_PARTITION", Assert.Single(errors).Value.Error.Name);
        var listed = Assert.Single(await cluster.Admin.ListPartitionReassignmentsAsync());
        Assert.Equal(id, listed.Partition);
        Assert.Equal([spare], listed.AddingReplicas);
        Assert.Equal([partition.Replicas[2]], listed.RemovingReplicas);
        Assert.Equal(listed.Replicas, cluster.State.InFlightReassignments.Single().Replicas);

        var cancel = await cluster.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [id] = null });

        Assert.Empty(cancel);
        Assert.Empty(await cluster.Admin.ListPartitionReassignmentsAsync());
        Assert.Equal(partition.Replicas, cluster.State.Topics.Single(t => t.Name == "orders").Partitions[0].Replicas);
        var again = await cluster.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [id] = null });
        Assert.Equal("NO_REASSIGNMENT_IN_PROGRESS", again[id].Error.Name);
    }

    [Fact]
    public async Task A_broker_about_to_be_retired_loses_its_throttle_rates_and_the_others_keep_theirs()
    {
        // Kafka keeps a gone broker id's dynamic configs, changeable only through that broker: the rates go first.
        await using var cluster = await WireCluster.StartAsync();
        var (id, partition, spare) = Movable(cluster.State);
        var brokers = partition.Replicas.Append(spare).ToList();
        await cluster.Admin.SetReplicationThrottleAsync(new ReplicationThrottle(10_000_000, brokers, [id]));

        await cluster.Admin.ClearBrokerReplicationThrottleAsync(spare);

        Assert.Null(cluster.Simulator.ThrottleRate(spare));
        Assert.All(partition.Replicas, b => Assert.Equal(10_000_000, cluster.Simulator.ThrottleRate(b)));
    }

    [Fact]
    public async Task Throttle_follows_the_moves_and_clearing_removes_every_value_including_a_foreign_one()
    {
        await using var cluster = await WireCluster.StartAsync();
        var (id, partition, spare) = Movable(cluster.State);
        IReadOnlyList<int> target = [.. partition.Replicas.Take(2), spare];
        var brokers = partition.Replicas.Append(spare).ToList();

        await cluster.Admin.SetReplicationThrottleAsync(new ReplicationThrottle(10_000_000, brokers, [id]));
        await cluster.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [id] = target });

        var inForce = (await cluster.Simulator.Admin.DescribeReplicationThrottleAsync());
        Assert.NotNull(inForce);
        Assert.Equal(10_000_000, inForce.BytesPerSecond);
        Assert.Subset(inForce.Brokers.ToHashSet(), brokers.ToHashSet());
        Assert.Contains(id, inForce.Replicas);
        var described = await cluster.Admin.DescribeReplicationThrottleAsync();
        Assert.Equal(10_000_000, described!.BytesPerSecond);
        Assert.Contains(id, described.Replicas);

        // Another tool left "*" on a topic kafka-upgrade never moved.
        await using (var other = await ConnectAsync(cluster, spare))
        {
            var request = KafkaApis.Get(ApiKey.IncrementalAlterConfigs).NewRequest();
            request.Add("Resources").Set("ResourceType", (sbyte)2).Set("ResourceName", "payments")
                .Add("Configs").Set("Name", "leader.replication.throttled.replicas").Set("ConfigOperation", (sbyte)0).Set("Value", "*");
            await other.SendAsync(ApiKey.IncrementalAlterConfigs, other.NegotiatedVersion(ApiKey.IncrementalAlterConfigs), request);
        }

        Assert.Contains((await cluster.Simulator.Admin.DescribeReplicationThrottleAsync())!.Replicas, p => p.Topic == "payments");

        await cluster.Admin.ClearReplicationThrottleAsync();

        Assert.Null((await cluster.Simulator.Admin.DescribeReplicationThrottleAsync()));
        Assert.Null(await cluster.Admin.DescribeReplicationThrottleAsync());
        Assert.Contains(cluster.Admin.LastClearedThrottles, r => r.Resource == "topic payments" && r.Key == "leader.replication.throttled.replicas");
        Assert.Contains(cluster.Admin.LastClearedThrottles, r => r.Resource.StartsWith("broker ", StringComparison.Ordinal) && r.Key == "leader.replication.throttled.rate" && r.Value == "10000000");
        await cluster.Admin.ClearReplicationThrottleAsync();
        Assert.Empty(cluster.Admin.LastClearedThrottles);
    }

    [Fact]
    public async Task Preferred_election_quorum_and_log_dirs_match_the_cluster()
    {
        await using var cluster = await WireCluster.StartAsync();
        var (id, _, _) = Movable(cluster.State);

        Assert.Empty(await cluster.Admin.ElectPreferredLeadersAsync());
        Assert.Equal("ELECTION_NOT_NEEDED", (await cluster.Admin.ElectPreferredLeadersAsync([id]))[id].Name);

        var quorum = await cluster.Admin.DescribeQuorumAsync();
        var expected = cluster.State.Quorum!;
        Assert.Equal(expected.LeaderId, quorum.LeaderId);
        Assert.Equal(expected.LeaderEpoch, quorum.LeaderEpoch);
        Assert.Equal(expected.Voters.Select(v => (v.NodeId, v.DirectoryId)), quorum.Voters.Select(v => (v.NodeId, v.DirectoryId)));

        Assert.Equal(await cluster.Simulator.Admin.DescribeLogDirsAsync(), await cluster.Admin.DescribeLogDirsAsync());
    }

    [Fact]
    public async Task Voters_are_added_and_removed_through_the_controllers()
    {
        await using var cluster = await WireCluster.StartAsync();
        var version = cluster.State.Controllers.First().Version;
        var info = await cluster.Simulator.Provisioner.ProvisionAsync(3003, new NodeConfig(version, NodeRoles.Controller, "eu-west-1a"));
        await cluster.RunUntilAsync(s => s.Quorum!.Observers.Any(o => o.NodeId == 3003 && o.LastCaughtUpTimestampMs is not null) && s.FindNode(3003) is { IsRunning: true });

        await cluster.WhileSteppingAsync(() => cluster.Admin.AddRaftVoterAsync(3003, info.DirectoryId));
        await cluster.RunUntilAsync(s => s.Quorum!.Voters.Any(v => v.NodeId == 3003), TimeSpan.FromMinutes(1));

        var duplicate = await Assert.ThrowsAsync<KafkaApiException>(() => cluster.Admin.AddRaftVoterAsync(3003, info.DirectoryId));
        Assert.Equal("DUPLICATE_VOTER", duplicate.Error.Name);

        await cluster.WhileSteppingAsync(() => cluster.Admin.RemoveRaftVoterAsync(3003, info.DirectoryId));
        await cluster.RunUntilAsync(s => s.Quorum!.Voters.All(v => v.NodeId != 3003), TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(cluster.State.Quorum!.Voters, v => v.NodeId == 3003);
    }

    [Fact]
    public async Task Features_validate_only_changes_nothing_and_refusals_carry_kafkas_error()
    {
        await using var cluster = await WireCluster.StartAsync();
        var level = cluster.State.Features.MetadataVersionLevel!.Value;

        await cluster.Admin.UpdateFeaturesAsync([new FeatureUpdate("metadata.version", level)], validateOnly: true);
        var refused = await Assert.ThrowsAsync<KafkaApiException>(() => cluster.Admin.UpdateFeaturesAsync([new FeatureUpdate("metadata.version", level - 1)], validateOnly: true));
        Assert.Equal("INVALID_UPDATE_VERSION", refused.Error.Name);

        Assert.Equal(level, cluster.State.Features.MetadataVersionLevel);
        Assert.Equal(level, (await cluster.Admin.DescribeClusterAsync()).Features.MetadataVersionLevel);
    }

    [Fact]
    public async Task Unregister_names_kafkas_error_and_a_zookeeper_broker_lacks_the_api()
    {
        await using (var kraft = await WireCluster.StartAsync())
        {
            var unknown = await Assert.ThrowsAsync<KafkaApiException>(() => kraft.Admin.UnregisterBrokerAsync(77));
            Assert.Equal("BROKER_ID_NOT_REGISTERED", unknown.Error.Name);
        }

        await using var zk = await WireCluster.StartAsync("small-zk-3.8.json");
        var missing = await Assert.ThrowsAsync<KafkaApiException>(() => zk.Admin.UnregisterBrokerAsync(1));

        Assert.Equal("UNSUPPORTED_VERSION", missing.Error.Name);
        Assert.Contains("UnregisterBroker", missing.Message, StringComparison.Ordinal);
        Assert.Contains("API key 64", missing.Message, StringComparison.Ordinal);
        Assert.Contains("does not support UnregisterBroker at all", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consumer_lag_and_produce_rate_come_from_groups_and_metrics()
    {
        await using var cluster = await WireCluster.StartAsync();
        cluster.Simulator.StartTraffic(new TrafficSpec(100_000, Topics: ["orders"]));
        cluster.Simulator.Step(TimeSpan.FromSeconds(30));
        await cluster.Front.SyncAsync();

        var expected = await cluster.Simulator.Admin.DescribeConsumerGroupLagAsync();
        var lag = await cluster.Admin.DescribeConsumerGroupLagAsync();
        Assert.Equal(expected.Select(l => (l.GroupId, l.Topic, l.Lag)), lag.Select(l => (l.GroupId, l.Topic, l.Lag)));

        var rates = await cluster.Admin.DescribeBytesInPerSecondAsync();
        Assert.Equal(cluster.State.Brokers.Select(b => b.Id).Order(), rates.Keys.Order());
        Assert.All(rates.Values, r => Assert.True(r >= 0));
    }

    [Fact]
    public async Task A_binding_pointing_at_another_cluster_is_refused_before_anything_changes()
    {
        await using var cluster = await WireCluster.StartAsync(expectedClusterId: "prod-eu-1");
        var (id, partition, spare) = Movable(cluster.State);

        var error = await Assert.ThrowsAsync<KafkaApiException>(() => cluster.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [id] = [.. partition.Replicas.Take(2), spare] }));

        Assert.Equal("INCONSISTENT_CLUSTER_ID", error.Error.Name);
        Assert.Contains("prod-eu-1", error.Message, StringComparison.Ordinal);
        Assert.Contains(cluster.State.ClusterId, error.Message, StringComparison.Ordinal);
        Assert.Empty(cluster.State.InFlightReassignments);
        await Assert.ThrowsAsync<KafkaApiException>(() => cluster.Admin.DescribeClusterAsync());
    }

    [Fact]
    public async Task Without_metrics_the_produce_rate_is_refused_not_guessed()
    {
        await using var cluster = await WireCluster.StartAsync(metrics: false);
        await Assert.ThrowsAsync<MetricsNotConfiguredException>(() => cluster.Admin.DescribeBytesInPerSecondAsync());
    }

    [Fact]
    public async Task Unreachable_bootstrap_and_refused_sasl_are_clear_errors()
    {
        var unreachable = new KafkaClientOptions { BootstrapServers = ["127.0.0.1:1"], MaxAttempts = 2, RetryBackoff = TimeSpan.FromMilliseconds(10) };
        await using (var admin = WireCluster.Bind(null!, false, false, null, unreachable))
        {
            var error = await Assert.ThrowsAsync<KafkaApiException>(() => admin.DescribeClusterAsync());
            Assert.Equal("NETWORK_EXCEPTION", error.Error.Name);
            Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
            Assert.Contains("after 2 attempts", error.Message, StringComparison.Ordinal);
        }

        await using var cluster = await WireCluster.StartAsync();
        var sasl = new KafkaClientOptions
        {
            BootstrapServers = CommandConfig.Split(cluster.Front.BootstrapServers),
            Protocol = SecurityProtocol.SaslPlaintext,
            Mechanism = Connection.SaslMechanism.ScramSha512,
            Username = "admin",
            Password = "hunter2",
        };
        await using var refused = WireCluster.Bind(cluster.Front, false, false, null, sasl);
        var denied = await Assert.ThrowsAsync<KafkaApiException>(() => refused.DescribeClusterAsync());
        Assert.Contains("authentication failed", denied.Message, StringComparison.Ordinal);
        Assert.Contains("ScramSha512 as admin", denied.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", denied.Message, StringComparison.Ordinal);
    }

    private static async Task<KafkaConnection> ConnectAsync(WireCluster cluster, int broker)
    {
        var endpoint = cluster.Front.Endpoints.Single(e => e.NodeId == broker && !e.IsController);
        var (host, port) = KafkaClientOptions.ParseEndpoint(endpoint.Address);
        return await KafkaConnection.ConnectAsync(new KafkaConnectionOptions { Host = host, Port = port });
    }
}

public sealed class MigrationOverWireTests
{
    [Fact]
    public async Task A_zookeeper_cluster_reports_its_mode_and_refuses_the_rollback_step_without_zookeeper()
    {
        await using var cluster = await WireCluster.StartAsync("small-zk-3.8.json", controllers: false);

        var migration = await cluster.Admin.DescribeMigrationAsync();

        Assert.Equal(ZkMigrationState.ZooKeeper, migration.State);
        Assert.Equal(cluster.State.Brokers.Select(b => b.Id).Order(), migration.ZooKeeperBrokers);
        var error = await Assert.ThrowsAsync<KafkaApiException>(() => cluster.Admin.ResetZooKeeperControllerAsync());
        Assert.Contains("no ZooKeeper connection", error.Message, StringComparison.Ordinal);
    }
}
