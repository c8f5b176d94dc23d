using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Tests.TestSupport;

/// <summary>
/// Small random clusters for property tests, fully determined by a seed (FsCheck supplies the seeds), including
/// unhealthy ones: shrunken ISRs, offline partitions, RF at or below minISR.
/// </summary>
internal static class RandomClusters
{
    public static ClusterState Create(int seed, int maxBrokers = 7, int maxPartitions = 25)
    {
        var random = new Random(seed);
        var brokerCount = random.Next(1, maxBrokers + 1);
        var nodes = Enumerable.Range(1, brokerCount).Select(id => TestClusters.Broker(id, $"r{random.Next(3)}")).ToList();
        var topics = new List<TopicState>();
        var partitionsLeft = random.Next(1, maxPartitions + 1);
        for (var t = 0; partitionsLeft > 0; t++)
        {
            var count = Math.Min(partitionsLeft, random.Next(1, 6));
            partitionsLeft -= count;
            var rf = random.Next(1, Math.Min(brokerCount, 4) + 1);
            var minIsr = random.Next(1, rf + 1);
            var partitions = Enumerable.Range(0, count).Select(p => RandomPartition(random, p, rf, brokerCount)).ToList();
            topics.Add(new TopicState($"t{t}", minIsr, partitions));
        }

        return TestClusters.ZooKeeper(nodes, [.. topics]);
    }

    private static PartitionState RandomPartition(Random random, int index, int rf, int brokerCount)
    {
        var replicas = Enumerable.Range(1, brokerCount).OrderBy(_ => random.Next()).Take(rf).ToArray();
        var isr = replicas.Where(_ => random.NextDouble() < 0.8).ToArray();
        var leader = isr.Length > 0 && random.NextDouble() < 0.95 ? isr[random.Next(isr.Length)] : PartitionState.NoLeader;
        return new PartitionState(index, replicas, isr, leader, random.Next(0, 10_000));
    }
}
