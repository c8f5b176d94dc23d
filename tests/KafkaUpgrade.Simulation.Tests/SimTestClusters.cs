using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Simulation.Tests;

/// <summary>Clusters the simulator tests start from.</summary>
internal static class SimTestClusters
{
    public static readonly KafkaVersion V38 = KafkaVersion.Parse("3.8.1");
    public static readonly KafkaVersion V39 = KafkaVersion.Parse("3.9.0");

    public static string SamplePath => Path.Combine(AppContext.BaseDirectory, "samples", "small-zk-3.8.json");

    public static KafkaSimulator Sample(int seed = 1) => KafkaSimulator.LoadSnapshot(SamplePath, new SimulationOptions { Seed = seed });

    /// <summary>Three brokers on three racks, one topic "t" with RF 3 / minISR 2, one "single" with RF 1.</summary>
    public static ClusterState ThreeBrokers(MetadataMode mode = MetadataMode.ZooKeeper, string? version = null)
    {
        var v = KafkaVersion.Parse(version ?? (mode == MetadataMode.ZooKeeper ? "3.8.1" : "3.9.0"));
        var brokers = Enumerable.Range(1, 3).Select(id => new ClusterNode(id, $"r{id}", NodeRoles.Broker, v, NodeState.Running)).ToList();
        var topics = new List<TopicState>
        {
            new("t", 2, Enumerable.Range(0, 6).Select(p => Healthy(p, Rotate([1, 2, 3], p), 100L << 20)).ToList()),
            new("single", 1, [Healthy(0, [2], 10L << 20)]),
        };
        if (mode == MetadataMode.ZooKeeper)
        {
            return new ClusterState("three", mode, brokers, topics, new ClusterFeatures(null, 0, "3.8-IV0"), ZooKeeperControllerId: 1);
        }

        var controllers = Enumerable.Range(0, 3).Select(i => new ClusterNode(100 + i, $"r{i + 1}", NodeRoles.Controller, v, NodeState.Running)).ToList();
        var voters = controllers.Select(c => new QuorumMember(c.Id, Guid.NewGuid(), 10, 0, 0)).ToList();
        return new ClusterState("three", MetadataMode.KRaft, [.. controllers, .. brokers], topics,
            new ClusterFeatures(21, 1, null), new QuorumState(100, 1, 10, voters, []));
    }

    public static PartitionState Healthy(int index, int[] replicas, long size) => new(index, replicas, replicas, replicas[0], size);

    public static int[] Rotate(int[] ids, int by) => ids.Skip(by % ids.Length).Concat(ids.Take(by % ids.Length)).ToArray();

    public static NodeConfig ZkBroker(KafkaVersion version, string rack, string? ibp = "3.8-IV0", bool migration = false, IReadOnlyList<int>? voters = null) =>
        new(version, null, rack, ibp, migration, voters);

    public static PartitionState Partition(this KafkaSimulator sim, string topic, int index) =>
        sim.Snapshot().Topics.Single(t => t.Name == topic).Partitions.Single(p => p.Partition == index);

    public static ClusterNode Node(this KafkaSimulator sim, int id) => sim.Snapshot().FindNode(id)!;

    /// <summary>Makes a call that Kafka answers later (a voter change commits first), stepping simulated time until it does.</summary>
    public static async Task Stepping(this KafkaSimulator sim, Func<Task> call, TimeSpan? max = null)
    {
        var task = call();
        var end = sim.Now + (max ?? TimeSpan.FromSeconds(30));
        while (!task.IsCompleted && sim.Now < end)
        {
            sim.Step(TimeSpan.FromMilliseconds(100));
            await Task.Delay(1);
        }

        await task;
    }
}
