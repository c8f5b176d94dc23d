using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.Traffic;
using static KafkaUpgrade.Simulation.Tests.SimTestClusters;

namespace KafkaUpgrade.Simulation.Tests;

/// <summary>CreateTopics with a manual assignment, as a client creates a topic while an operation runs.</summary>
public class TopicCreationTests
{
    [Fact]
    public void A_created_topic_has_the_running_assigned_brokers_in_sync_the_first_of_them_leading_and_takes_writes()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        sim.StartTraffic(new TrafficSpec(100_000));
        sim.CrashNode(2);
        sim.Step(TimeSpan.FromSeconds(1));

        sim.CreateTopic("new", 2, [[2, 1, 3], [3, 2, 1]]);

        var p0 = sim.Partition("new", 0);
        Assert.Equal([2, 1, 3], p0.Replicas);
        Assert.Equal([1, 3], p0.Isr);
        Assert.Equal(1, p0.Leader);
        Assert.Equal(2, sim.Snapshot().Topics.Single(t => t.Name == "new").MinInsyncReplicas);
        sim.Step(TimeSpan.FromSeconds(10));
        Assert.True(sim.Partition("new", 1).SizeBytes > 0);
        Assert.DoesNotContain(sim.Statistics.UnwritableMsByPartition.Keys, k => k.StartsWith("new", StringComparison.Ordinal));
    }

    [Fact]
    public void Kafkas_refusals_name_the_problem_and_change_nothing()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers());
        var before = sim.Snapshot().Topics.Count;

        Assert.Equal(KafkaError.TopicAlreadyExists, Assert.Throws<KafkaApiException>(() => sim.CreateTopic("t", 2, [[1, 2, 3]])).Error);
        Assert.Equal(KafkaError.InvalidReplicaAssignment, Assert.Throws<KafkaApiException>(() => sim.CreateTopic("x", 2, [[1, 1, 2]])).Error);
        Assert.Equal(KafkaError.InvalidReplicaAssignment, Assert.Throws<KafkaApiException>(() => sim.CreateTopic("x", 2, [[1, 2, 9]])).Error);
        Assert.Equal(KafkaError.InvalidReplicaAssignment, Assert.Throws<KafkaApiException>(() => sim.CreateTopic("x", 2, [[1, 2, 3], [1, 2]])).Error);
        Assert.Equal(KafkaError.InvalidConfig, Assert.Throws<KafkaApiException>(() => sim.CreateTopic("x", 0, [[1, 2, 3]])).Error);
        Assert.Equal(before, sim.Snapshot().Topics.Count);
    }

    [Fact]
    public void KRaft_refuses_a_partition_none_of_whose_brokers_is_active()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        sim.CrashNode(1);
        sim.CrashNode(2);
        sim.Step(TimeSpan.FromSeconds(1));

        var refused = Assert.Throws<KafkaApiException>(() => sim.CreateTopic("x", 1, [[1, 2]]));
        Assert.Equal(KafkaError.InvalidReplicaAssignment, refused.Error);
        Assert.Contains("fenced or in controlled shutdown", refused.Message, StringComparison.Ordinal);
    }
}
