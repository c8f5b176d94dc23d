using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Core.Validation;
using static KafkaUpgrade.Simulation.Tests.SimTestClusters;

namespace KafkaUpgrade.Simulation.Tests;

public class AdminRefusalTests
{
    private static readonly TopicPartition T0 = new("t", 0);

    [Fact]
    public async Task A_negative_throttle_is_refused_as_kafka_validates_it_and_changes_nothing()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        var refused = await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.SetReplicationThrottleAsync(new ReplicationThrottle(-1, [1], [T0])));
        Assert.Equal(KafkaError.InvalidConfig, refused.Error);
        Assert.Contains("leader.replication.throttled.rate", refused.Message, StringComparison.Ordinal);
        Assert.Null(await sim.Admin.DescribeReplicationThrottleAsync());
    }

    [Fact]
    public async Task A_zero_throttle_is_accepted_and_stops_throttled_replication_until_cleared()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        await sim.Provisioner.ProvisionAsync(4, ZkBroker(V38, "r1"));
        Assert.True(sim.RunUntil(s => s.FindNode(4)!.State == NodeState.Running, TimeSpan.FromMinutes(3)));
        await sim.Admin.SetReplicationThrottleAsync(new ReplicationThrottle(0, [1, 2, 3, 4], [T0]));
        await sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [T0] = [4, 2, 3] });

        sim.Step(TimeSpan.FromMinutes(1));
        Assert.Single(await sim.Admin.ListPartitionReassignmentsAsync());
        Assert.Equal(0, sim.Statistics.BytesReplicatedToNewReplicas);

        await sim.Admin.ClearReplicationThrottleAsync();
        Assert.True(sim.RunUntil(s => s.InFlightReassignments.Count == 0, TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public async Task Unregistering_is_kraft_only_and_refuses_an_unknown_broker()
    {
        var zk = KafkaSimulator.Load(ThreeBrokers());
        Assert.Equal(KafkaError.UnsupportedVersion, (await Assert.ThrowsAsync<KafkaApiException>(() => zk.Admin.UnregisterBrokerAsync(1))).Error);

        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        var unknown = await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.UnregisterBrokerAsync(42));
        Assert.Equal(KafkaError.BrokerIdNotRegistered, unknown.Error);
        Assert.Contains("Broker ID 42", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reassignment_to_an_unregistered_broker_is_refused_in_kraft_while_a_stopped_or_gone_but_registered_one_is_accepted()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        await sim.Provisioner.ProvisionAsync(4, new NodeConfig(V39, NodeRoles.Broker, "r1"));
        Assert.True(sim.RunUntil(s => s.FindNode(4)!.State == NodeState.Running, TimeSpan.FromMinutes(3)));
        await sim.Provisioner.StopAsync(4);
        Assert.True(sim.RunUntil(s => s.FindNode(4)!.State == NodeState.Stopped, TimeSpan.FromSeconds(10)));

        // KRaft checks registration, not liveness: a fenced broker may be named, the move just waits for it, and so
        // does a decommissioned one until UnregisterBroker removes its registration.
        Assert.Empty(await sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [T0] = [4, 2, 3] }));
        Assert.Empty(await sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [T0] = null }));
        sim.Step(TimeSpan.FromSeconds(1));

        await sim.Provisioner.DecommissionAsync(4);
        Assert.Empty(await sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [T0] = [4, 2, 3] }));
        sim.Step(TimeSpan.FromMinutes(5));
        Assert.Single(await sim.Admin.ListPartitionReassignmentsAsync());
        Assert.Empty(new ClusterValidator().Validate(sim.Snapshot()));
        Assert.Empty(await sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [T0] = null }));
        sim.Step(TimeSpan.FromSeconds(1));

        await sim.Admin.UnregisterBrokerAsync(4);
        var before = sim.WriteSnapshot();
        var errors = await sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [T0] = [4, 2, 3] });
        Assert.Equal(KafkaError.InvalidReplicaAssignment, errors[T0].Error);
        Assert.Contains("broker 4, but no such broker is registered", errors[T0].Message, StringComparison.Ordinal);
        Assert.Equal(before, sim.WriteSnapshot());
        Assert.Equal(KafkaError.BrokerIdNotRegistered, (await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.UnregisterBrokerAsync(4))).Error);
    }

    [Fact]
    public async Task A_reassignment_to_a_dead_broker_is_refused_in_zookeeper_mode()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        sim.CrashNode(3);
        Assert.True(sim.RunUntil(s => s.Topics[0].Partitions.All(p => !p.Isr.Contains(3)), TimeSpan.FromSeconds(30)));
        var errors = await sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [new TopicPartition("t", 1)] = [2, 3, 1] });
        Assert.Equal(KafkaError.InvalidReplicaAssignment, errors[new TopicPartition("t", 1)].Error);
        Assert.Contains("live broker list: [1,2]", errors[new TopicPartition("t", 1)].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preferred_election_of_an_unknown_partition_or_an_unavailable_preferred_replica_is_refused_per_partition()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        await sim.Provisioner.StopAsync(1);
        sim.Step(TimeSpan.FromSeconds(5));
        var errors = await sim.Admin.ElectPreferredLeadersAsync([T0, new TopicPartition("missing", 0)]);
        Assert.Equal(KafkaError.PreferredLeaderNotAvailable, errors[T0]);
        Assert.Equal(KafkaError.UnknownTopicOrPartition, errors[new TopicPartition("missing", 0)]);
    }

    [Fact]
    public async Task Without_an_active_controller_elections_are_refused_with_not_controller()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        sim.CrashNode(100);
        sim.CrashNode(101);
        sim.Step(TimeSpan.FromSeconds(5));
        Assert.Equal(KafkaError.NotController, (await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.ElectPreferredLeadersAsync())).Error);
    }

    [Fact]
    public async Task The_provisioner_names_an_unknown_node_and_describes_it_as_absent()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        var refused = await Assert.ThrowsAsync<NodeProvisioningException>(() => sim.Provisioner.StopAsync(99));
        Assert.Contains("99", refused.Message, StringComparison.Ordinal);
        Assert.Null(await sim.Provisioner.DescribeNodeAsync(99));
    }

    [Fact]
    public async Task Describing_the_quorum_of_a_zookeeper_cluster_is_refused()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        Assert.Equal(KafkaError.UnsupportedVersion, (await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.DescribeQuorumAsync())).Error);
    }
}
