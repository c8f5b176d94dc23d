using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Behaviour;

/// <summary>
/// CreateTopics with a manual replica assignment, as a client creates a topic while an operation runs. Kafka's
/// controller (KRaft <c>ReplicationControlManager.createTopic</c>) refuses an assignment with an empty or duplicate
/// replica list, an unknown broker, or partitions of different sizes (INVALID_REPLICA_ASSIGNMENT), a name already in
/// use (TOPIC_ALREADY_EXISTS) and <c>min.insync.replicas</c> below 1 (INVALID_CONFIG); the new partition's ISR is the
/// assigned brokers that are active (registered, unfenced, not in controlled shutdown), its leader the first of them;
/// KRaft refuses a partition with none active, a ZooKeeper controller creates it offline (no leader until one of its
/// replicas runs, <c>KafkaController.onNewPartitionCreation</c>). Every log starts empty.
/// </summary>
internal static class TopicCreation
{
    public static KafkaApiException? Create(SimCluster cluster, string name, int minInsyncReplicas, IReadOnlyList<IReadOnlyList<int>> assignment)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return new KafkaApiException(KafkaError.InvalidRequest, "A topic needs a name");
        }

        if (cluster.Topics.Any(t => t.Name == name))
        {
            return new KafkaApiException(KafkaError.TopicAlreadyExists, $"Topic '{name}' already exists.");
        }

        if (minInsyncReplicas < 1)
        {
            return new KafkaApiException(KafkaError.InvalidConfig, $"Invalid value {minInsyncReplicas} for configuration min.insync.replicas: Value must be at least 1");
        }

        if (assignment.Count == 0)
        {
            return new KafkaApiException(KafkaError.InvalidReplicaAssignment, "The manual partition assignment is empty.");
        }

        for (var index = 0; index < assignment.Count; index++)
        {
            var replicas = assignment[index];
            if (replicas.Count == 0 || replicas.Distinct().Count() != replicas.Count)
            {
                return new KafkaApiException(KafkaError.InvalidReplicaAssignment, $"The manual partition assignment for partition {index} is empty or names a broker twice: [{string.Join(",", replicas)}].");
            }

            if (replicas.Count != assignment[0].Count)
            {
                return new KafkaApiException(KafkaError.InvalidReplicaAssignment, $"The manual partition assignment includes a partition with {replicas.Count} replica(s), but this is not consistent with previous partitions, which have {assignment[0].Count} replica(s).");
            }

            var unknown = replicas.Where(id => cluster.Node(id) is not { IsGone: false, IsBroker: true }).ToList();
            if (unknown.Count > 0)
            {
                return new KafkaApiException(KafkaError.InvalidReplicaAssignment, $"The manual partition assignment includes broker {unknown[0]}, but no such broker is registered.");
            }

            if (cluster.IsKRaftCluster && !replicas.Any(id => IsActive(cluster, id)))
            {
                return new KafkaApiException(KafkaError.InvalidReplicaAssignment, $"All brokers specified in the manual partition assignment for partition {index} are fenced or in controlled shutdown.");
            }
        }

        var topic = new SimTopic(name, minInsyncReplicas);
        for (var index = 0; index < assignment.Count; index++)
        {
            var partition = new SimPartition(topic, index) { Replicas = [.. assignment[index]] };
            partition.Isr = partition.Replicas.Where(id => IsActive(cluster, id)).ToList();
            partition.Leader = partition.Isr.Count > 0 ? partition.Isr[0] : PartitionState.NoLeader;
            foreach (var replica in partition.Replicas)
            {
                partition.Leo[replica] = 0;
                partition.LastCaughtUpMs[replica] = cluster.NowMs;
            }

            topic.Partitions.Add(partition);
            cluster.Partitions[partition.Id] = partition;
        }

        cluster.Topics.Add(topic);
        return null;
    }

    private static bool IsActive(SimCluster cluster, int id) => cluster.Node(id) is { IsRunning: true, IsBroker: true } node && (!cluster.IsKRaftCluster || node.KRaftRegistered);
}
