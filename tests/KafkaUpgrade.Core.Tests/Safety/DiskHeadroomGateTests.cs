using KafkaUpgrade.Core.Safety;
using static KafkaUpgrade.Core.Tests.TestSupport.TestClusters;

namespace KafkaUpgrade.Core.Tests.Safety;

public class DiskHeadroomGateTests
{
    [Fact]
    public void Nodes_over_the_ceiling_are_named()
    {
        var nodes = new[] { Broker(1) with { DiskCapacityBytes = 1000 }, Broker(2) with { DiskCapacityBytes = 1000 } };
        var verdict = DiskHeadroomGate.Evaluate(nodes, new Dictionary<int, long> { [1] = 850, [2] = 900 });
        Assert.False(verdict.Allowed);
        Assert.Equal(["node 2 (900 B of 1000 B = 90%)"], verdict.Blockers);
    }

    [Fact]
    public void Unknown_capacity_is_noted_not_assumed()
    {
        var verdict = DiskHeadroomGate.Evaluate([Broker(1)], new Dictionary<int, long> { [1] = 5 });
        Assert.True(verdict.Allowed);
        Assert.Contains("no known disk capacity", Assert.Single(verdict.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Current_bytes_count_every_replica()
    {
        var state = ZooKeeper(Brokers(3), Topic("t", 1, Partition(0, [1, 2], [1, 2], size: 100), Partition(1, [2, 3], [2, 3], size: 10)));
        var bytes = DiskHeadroomGate.CurrentBytes(state);
        Assert.Equal(100, bytes[1]);
        Assert.Equal(110, bytes[2]);
        Assert.Equal(10, bytes[3]);
    }

    [Fact]
    public void A_ceiling_outside_0_to_1_is_bad_input() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DiskHeadroomGate.Evaluate([], new Dictionary<int, long>(), 1.5));
}
