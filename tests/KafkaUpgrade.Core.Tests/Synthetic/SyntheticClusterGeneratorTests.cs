using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Snapshots;
using KafkaUpgrade.Core.Synthetic;
using KafkaUpgrade.Core.Validation;

namespace KafkaUpgrade.Core.Tests.Synthetic;

public class SyntheticClusterGeneratorTests
{
    private static SyntheticClusterSpec Small(int seed = 1, MetadataMode mode = MetadataMode.ZooKeeper) =>
        new("s", 9, 3, 120, 6, new KafkaVersion(3, 8, 0), mode, seed, 1 << 20, [3, 2, 1]);

    [Fact]
    public void Generated_clusters_are_valid_and_healthy()
    {
        foreach (var mode in new[] { MetadataMode.ZooKeeper, MetadataMode.KRaft })
        {
            var state = SyntheticClusterGenerator.Generate(Small(mode: mode));
            Assert.Empty(new ClusterValidator().Validate(state));
            Assert.Equal(120, state.PartitionCount);
            Assert.All(state.AllPartitions, p => Assert.False(p.Partition.IsUnderReplicated));
        }
    }

    [Fact]
    public void Same_seed_same_cluster_other_seed_other_cluster()
    {
        var a = ClusterSnapshotSerializer.Write(SyntheticClusterGenerator.Generate(Small(7)));
        Assert.Equal(a, ClusterSnapshotSerializer.Write(SyntheticClusterGenerator.Generate(Small(7))));
        Assert.NotEqual(a, ClusterSnapshotSerializer.Write(SyntheticClusterGenerator.Generate(Small(8))));
    }

    [Fact]
    public void Replicas_are_spread_over_racks_and_leaders_over_brokers()
    {
        var state = SyntheticClusterGenerator.Generate(Small() with { ReplicationFactors = [3], Partitions = 900 });
        var rack = state.Nodes.ToDictionary(n => n.Id, n => n.Rack);
        Assert.All(state.AllPartitions, p => Assert.Equal(3, p.Partition.Replicas.Select(r => rack[r]).Distinct().Count()));
        var leaders = state.AllPartitions.GroupBy(p => p.Partition.Leader).Select(g => g.Count()).ToList();
        Assert.Equal(9, leaders.Count);
        Assert.True(leaders.Max() - leaders.Min() <= 10, $"leaders per broker {string.Join(",", leaders)}");
    }
}
