using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Validation;

/// <summary>The invariants Kafka keeps for one partition: replicas on known brokers, ISR within replicas, leader in ISR.</summary>
internal static class PartitionRules
{
    public static void Check(PartitionState partition, string path, IReadOnlyDictionary<int, ClusterNode> nodes, List<ValidationProblem> problems)
    {
        if (partition.Replicas.Count == 0)
        {
            problems.Add(new($"{path}.replicas", "a partition needs at least one replica"));
        }

        if (partition.Replicas.Distinct().Count() != partition.Replicas.Count)
        {
            problems.Add(new($"{path}.replicas", $"replica list [{string.Join(",", partition.Replicas)}] names a node twice"));
        }

        foreach (var id in partition.Replicas.Distinct())
        {
            if (!nodes.TryGetValue(id, out var node))
            {
                problems.Add(new($"{path}.replicas", $"replica on unknown node {id}"));
            }
            else if (!node.IsBroker)
            {
                problems.Add(new($"{path}.replicas", $"replica on node {id}, which is a controller only and holds no partitions"));
            }
        }

        var notReplicas = partition.Isr.Where(id => !partition.Replicas.Contains(id)).ToList();
        if (notReplicas.Count > 0)
        {
            problems.Add(new($"{path}.isr", $"ISR [{string.Join(",", partition.Isr)}] is not a subset of replicas [{string.Join(",", partition.Replicas)}] (extra: {string.Join(",", notReplicas)})"));
        }

        if (partition.Isr.Distinct().Count() != partition.Isr.Count)
        {
            problems.Add(new($"{path}.isr", $"ISR [{string.Join(",", partition.Isr)}] names a node twice"));
        }

        if (partition.Leader != PartitionState.NoLeader && !partition.Isr.Contains(partition.Leader))
        {
            problems.Add(new($"{path}.leader", $"leader {partition.Leader} is not in the ISR [{string.Join(",", partition.Isr)}]"));
        }

        if (partition.Leader < PartitionState.NoLeader)
        {
            problems.Add(new($"{path}.leader", $"leader {partition.Leader} is not a node id (use -1 for no leader)"));
        }

        if (partition.SizeBytes < 0)
        {
            problems.Add(new($"{path}.sizeBytes", $"must not be negative, was {partition.SizeBytes}"));
        }
    }
}
