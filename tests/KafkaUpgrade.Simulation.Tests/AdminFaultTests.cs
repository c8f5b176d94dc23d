using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using static KafkaUpgrade.Simulation.Tests.SimTestClusters;

namespace KafkaUpgrade.Simulation.Tests;

/// <summary>Issue 13, rule 9: admin calls fail as they do over a network.</summary>
public class AdminFaultTests
{
    private static readonly TopicPartition T0 = new("t", 0);

    private static async Task<KafkaSimulator> WithFourthBroker()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        await sim.Provisioner.ProvisionAsync(4, ZkBroker(V38, "r1"));
        Assert.True(sim.RunUntil(s => s.FindNode(4)!.State == NodeState.Running, TimeSpan.FromMinutes(3)));
        return sim;
    }

    [Fact]
    public async Task A_reassignment_applied_whose_response_was_lost_is_a_no_op_when_retried()
    {
        var sim = await WithFourthBroker();
        var move = new Dictionary<TopicPartition, IReadOnlyList<int>?> { [T0] = [4, 2, 3] };
        sim.InjectAdminFault(AdminFault.ResponseLost, "AlterPartitionReassignments");

        var lost = await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.AlterPartitionReassignmentsAsync(move));
        Assert.Equal(KafkaError.RequestTimedOut, lost.Error);
        var applied = Assert.Single(await sim.Admin.ListPartitionReassignmentsAsync());
        Assert.Equal([4], applied.AddingReplicas);
        var epoch = sim.Partition("t", 0).LeaderEpoch;

        Assert.Empty(await sim.Admin.AlterPartitionReassignmentsAsync(move));
        Assert.Equal(applied.Replicas, Assert.Single(await sim.Admin.ListPartitionReassignmentsAsync()).Replicas);
        Assert.Equal(epoch, sim.Partition("t", 0).LeaderEpoch);
    }

    [Fact]
    public async Task A_call_that_times_out_before_reaching_the_controller_changes_nothing()
    {
        var sim = await WithFourthBroker();
        var before = sim.WriteSnapshot();
        sim.InjectAdminFault(AdminFault.TimeOut);
        var timedOut = await Assert.ThrowsAsync<KafkaApiException>(() =>
            sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [T0] = [4, 2, 3] }));
        Assert.Equal(KafkaError.RequestTimedOut, timedOut.Error);
        Assert.Equal(before, sim.WriteSnapshot());
        Assert.Empty(await sim.Admin.ListPartitionReassignmentsAsync());
    }

    [Fact]
    public async Task Requests_during_a_controller_election_answer_not_controller()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        sim.FailOverController();
        var refused = await Assert.ThrowsAsync<KafkaApiException>(() =>
            sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [T0] = [2, 1, 3] }));
        Assert.Equal(KafkaError.NotController, refused.Error);
        Assert.Equal(KafkaError.NotController, (await Assert.ThrowsAsync<KafkaApiException>(() => sim.Admin.UnregisterBrokerAsync(1))).Error);
        Assert.True(sim.RunUntil(s => s.Quorum!.HasLeader, TimeSpan.FromSeconds(10)));
        Assert.Empty(await sim.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [T0] = [2, 1, 3] }));
    }

    [Fact]
    public async Task Metadata_read_from_a_broker_can_trail_the_controller()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        sim.SetStaleMetadata(TimeSpan.FromSeconds(2));
        sim.Step(TimeSpan.FromSeconds(3));
        await sim.Provisioner.StopAsync(1);

        Assert.Equal(1, (await sim.Admin.DescribeClusterAsync()).Topics.Single(t => t.Name == "t").Partitions[0].Leader);
        Assert.NotEqual(1, sim.Partition("t", 0).Leader);
        sim.Step(TimeSpan.FromSeconds(3));
        Assert.NotEqual(1, (await sim.Admin.DescribeClusterAsync()).Topics.Single(t => t.Name == "t").Partitions[0].Leader);

        sim.SetStaleMetadata(TimeSpan.Zero);
        Assert.Equal(sim.WriteSnapshot(), Core.Snapshots.ClusterSnapshotSerializer.Write(await sim.Admin.DescribeClusterAsync()));
    }
}
