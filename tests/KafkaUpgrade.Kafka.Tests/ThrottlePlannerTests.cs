using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Kafka.Throttles;

namespace KafkaUpgrade.Kafka.Tests;

public sealed class ThrottlePlannerTests
{
    private static PartitionReplicas P(string topic, int partition, int[] current, int[]? proposed = null, int[]? adding = null) =>
        new(new TopicPartition(topic, partition), current, proposed, adding ?? []);

    [Fact]
    public void Moves_are_computed_as_kafka_reassign_partitions_does()
    {
        // The cases of Kafka's ReassignPartitionsUnitTest.testMoveMap: an in-flight reassignment's adding replicas
        // are destinations, never sources; a proposal replaces or extends the target.
        var partitions = new[]
        {
            P("foo", 0, [1, 2, 3, 4], proposed: [1, 2, 5], adding: [4]),
            P("foo", 1, [4, 5, 6, 7, 8], adding: [7, 8]),
            P("foo", 2, [1, 2, 3, 4], proposed: [3, 4], adding: [3, 4]),
            P("foo", 3, [1, 2, 3, 4], proposed: [5, 6], adding: [3, 4]),
            P("foo", 4, [1, 2, 3, 4], proposed: [3], adding: [3, 4]),
            P("foo", 5, [1, 2, 3, 4], proposed: [3, 4, 5, 6], adding: [3, 4]),
            P("bar", 0, [2, 3, 4], proposed: [1, 2, 3]),
            P("baz", 0, [1, 2, 3]),
        };

        var plan = ThrottlePlanner.Plan(50_000_000, partitions);

        Assert.Equal("0:1,0:2,0:3,1:4,1:5,1:6,2:1,2:2,3:1,3:2,4:1,4:2,5:1,5:2", plan.LeaderReplicas["foo"]);
        Assert.Equal("0:4,0:5,1:7,1:8,2:3,2:4,3:3,3:4,3:5,3:6,4:3,4:4,5:3,5:4,5:5,5:6", plan.FollowerReplicas["foo"]);
        Assert.Equal("0:2,0:3,0:4", plan.LeaderReplicas["bar"]);
        Assert.Equal("0:1", plan.FollowerReplicas["bar"]);
        Assert.False(plan.LeaderReplicas.ContainsKey("baz"));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], plan.Brokers);
        Assert.Equal(50_000_000, plan.BytesPerSecond);
    }

    [Fact]
    public void A_partition_that_is_not_moving_is_not_throttled()
    {
        var plan = ThrottlePlanner.Plan(1_000_000, [P("t", 0, [1, 2, 3]), P("t", 1, [1, 2, 3], proposed: [4, 2, 3])]);

        Assert.Equal("1:1,1:2,1:3", plan.LeaderReplicas["t"]);
        Assert.Equal("1:4", plan.FollowerReplicas["t"]);
        Assert.Equal([1, 2, 3, 4], plan.Brokers);
    }

    [Fact]
    public void Throttled_replica_lists_parse_including_the_wildcard()
    {
        Assert.Equal([(0, 1), (3, 2)], ThrottlePlanner.ParseReplicas("0:1, 3:2", out var all));
        Assert.False(all);
        Assert.Empty(ThrottlePlanner.ParseReplicas("*", out all));
        Assert.True(all);
        Assert.Throws<FormatException>(() => ThrottlePlanner.ParseReplicas("0-1", out _));
    }
}
