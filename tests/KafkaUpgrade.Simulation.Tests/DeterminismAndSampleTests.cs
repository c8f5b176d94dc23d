using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Core.Snapshots;
using KafkaUpgrade.Core.Synthetic;
using KafkaUpgrade.Simulation.Traffic;

namespace KafkaUpgrade.Simulation.Tests;

public class DeterminismAndSampleTests
{
    private static async Task<string> Run(int seed)
    {
        var sim = SimTestClusters.Sample(seed);
        sim.StartTraffic(new TrafficSpec(50_000));
        await sim.Provisioner.ProvisionAsync(7, new NodeConfig(KafkaVersion.Parse("3.8.1"), null, "eu-west-1a", "3.8-IV0"));
        sim.Step(TimeSpan.FromMinutes(2));
        var targets = sim.Snapshot().AllPartitions.Where(p => p.Partition.Replicas.Contains(1)).Take(20)
            .ToDictionary(p => new TopicPartition(p.Topic.Name, p.Partition.Partition),
                p => (IReadOnlyList<int>?)p.Partition.Replicas.Select(r => r == 1 ? 7 : r).ToList());
        await sim.Admin.AlterPartitionReassignmentsAsync(targets);
        sim.CrashNode(3);
        sim.Step(TimeSpan.FromMinutes(3));
        var stats = sim.Statistics;
        return sim.WriteSnapshot() + $"|{stats.AckedWrites}|{stats.FailedWrites}|{string.Join(",", stats.UnwritableMsByPartition.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}"))}";
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_run() => Assert.Equal(await Run(5), await Run(5));

    [Fact]
    public void The_small_sample_loads_as_described()
    {
        var state = SimTestClusters.Sample().Snapshot();
        Assert.Equal(6, state.Brokers.Count());
        Assert.Equal(MetadataMode.ZooKeeper, state.MetadataMode);
        Assert.Equal(KafkaVersion.Parse("3.8.1"), state.Nodes[0].Version);
        Assert.Equal("3.8-IV0", state.Features.InterBrokerProtocolVersion);
        Assert.NotNull(state.ZooKeeperControllerId);
    }

    [Fact]
    public void The_large_generated_cluster_loads_and_round_trips()
    {
        var generated = SyntheticClusterGenerator.Generate(SyntheticClusterSpec.Large());
        var sim = KafkaSimulator.Load(ClusterSnapshotSerializer.Read(ClusterSnapshotSerializer.Write(generated)));
        sim.Step(TimeSpan.FromSeconds(1));
        var state = sim.Snapshot();
        Assert.Equal(200, state.Brokers.Count());
        Assert.Equal(100_000, state.PartitionCount);
        Assert.All(state.AllPartitions.Take(1000), p => Assert.False(p.Partition.IsUnderReplicated));
    }

    [Fact]
    public void A_contradictory_description_is_rejected_naming_the_item()
    {
        var state = ClusterSnapshotSerializer.ReadFile(SimTestClusters.SamplePath);
        var broken = state with { Topics = [state.Topics[0] with { Partitions = [state.Topics[0].Partitions[0] with { Replicas = [1, 42, 3] }] }] };
        var ex = Assert.Throws<Core.Validation.ClusterValidationException>(() => KafkaSimulator.Load(broken));
        Assert.Contains("unknown node 42", ex.Message, StringComparison.Ordinal);
    }
}
