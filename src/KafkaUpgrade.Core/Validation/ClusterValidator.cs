using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Versions;

namespace KafkaUpgrade.Core.Validation;

/// <summary>
/// Finds the contradictions in a cluster description before anything plans on it: a replica on an unknown node,
/// an ISR that is not a subset of the replicas, duplicate ids, versions the catalog does not know, features that do
/// not fit the metadata mode. Every problem names its item; nothing is repaired.
/// </summary>
public sealed class ClusterValidator
{
    private readonly VersionCatalog _catalog;

    /// <summary>Creates a validator that checks versions against <paramref name="catalog"/> (default: the shipped one).</summary>
    public ClusterValidator(VersionCatalog? catalog = null)
    {
        _catalog = catalog ?? VersionCatalog.Default;
    }

    /// <summary>Every problem in <paramref name="state"/>, empty when it is consistent.</summary>
    public IReadOnlyList<ValidationProblem> Validate(ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var problems = new List<ValidationProblem>();
        if (string.IsNullOrWhiteSpace(state.ClusterId))
        {
            problems.Add(new("clusterId", "is empty"));
        }

        var nodes = CheckNodes(state, problems);
        CheckTopics(state, nodes, problems);
        CheckFeatures(state, problems);
        CheckControllers(state, nodes, problems);
        CheckReassignments(state, nodes, problems);
        return problems;
    }

    /// <summary>Throws <see cref="ClusterValidationException"/> naming every problem, if there is any.</summary>
    public void ThrowIfInvalid(ClusterState state)
    {
        var problems = Validate(state);
        if (problems.Count > 0)
        {
            throw new ClusterValidationException(problems);
        }
    }

    /// <summary>
    /// Problems that appear only once <paramref name="retiring"/> nodes leave and <paramref name="added"/> nodes
    /// join: unknown or duplicate ids, and topics whose replication factor exceeds the brokers that remain. With
    /// <paramref name="addedMayAlreadyBeMembers"/>, added nodes already in the cluster (started earlier in the same
    /// replacement) are accepted.
    /// </summary>
    public static IReadOnlyList<ValidationProblem> ValidateChange(ClusterState state, IReadOnlyCollection<int> retiring, IReadOnlyCollection<ClusterNode> added, bool addedMayAlreadyBeMembers = false)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(retiring);
        ArgumentNullException.ThrowIfNull(added);
        var problems = new List<ValidationProblem>();
        var known = state.Nodes.Select(n => n.Id).ToHashSet();
        foreach (var id in retiring.Where(id => !known.Contains(id)))
        {
            problems.Add(new($"retiring[{id}]", $"node {id} is not in the cluster"));
        }

        var seen = new HashSet<int>();
        foreach (var node in added)
        {
            if (known.Contains(node.Id) && !(addedMayAlreadyBeMembers && !retiring.Contains(node.Id)))
            {
                problems.Add(new($"newNodes[{node.Id}]", $"node id {node.Id} is already used by a node of the cluster"));
            }
            else if (!seen.Add(node.Id))
            {
                problems.Add(new($"newNodes[{node.Id}]", $"node id {node.Id} is listed twice"));
            }
        }

        var brokersAfter = state.Brokers.Count(b => !retiring.Contains(b.Id)) + added.Where(n => n.IsBroker && !known.Contains(n.Id)).Select(n => n.Id).Distinct().Count();
        foreach (var topic in state.Topics)
        {
            var rf = topic.Partitions.Count == 0 ? 0 : topic.Partitions.Max(p => p.ReplicationFactor);
            if (rf > brokersAfter)
            {
                problems.Add(new($"topics[{topic.Name}]",
                    $"replication factor {rf} is larger than the {brokersAfter} broker(s) left after the change"));
            }
        }

        return problems;
    }

    private Dictionary<int, ClusterNode> CheckNodes(ClusterState state, List<ValidationProblem> problems)
    {
        var nodes = new Dictionary<int, ClusterNode>();
        for (var i = 0; i < state.Nodes.Count; i++)
        {
            var node = state.Nodes[i];
            var path = $"nodes[{i}]";
            if (node.Id < 0)
            {
                problems.Add(new($"{path}.id", $"node id {node.Id} is negative"));
            }

            if (!nodes.TryAdd(node.Id, node))
            {
                problems.Add(new($"{path}.id", $"duplicate node id {node.Id}"));
            }

            if (node.Roles == NodeRoles.None)
            {
                problems.Add(new($"{path}.roles", $"node {node.Id} has no role (broker, controller or both)"));
            }

            if (_catalog.Find(node.Version) is null)
            {
                problems.Add(new($"{path}.version", $"Kafka {node.Version} is not in the version catalog"));
            }

            if (node.DiskCapacityBytes is <= 0)
            {
                problems.Add(new($"{path}.diskCapacityBytes", $"must be positive, was {node.DiskCapacityBytes}"));
            }
        }

        return nodes;
    }

    private static void CheckTopics(ClusterState state, Dictionary<int, ClusterNode> nodes, List<ValidationProblem> problems)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var topic in state.Topics)
        {
            var path = $"topics[{topic.Name}]";
            if (string.IsNullOrWhiteSpace(topic.Name))
            {
                problems.Add(new(path, "topic name is empty"));
            }
            else if (!names.Add(topic.Name))
            {
                problems.Add(new(path, $"duplicate topic {topic.Name}"));
            }

            if (topic.MinInsyncReplicas < 1)
            {
                problems.Add(new($"{path}.minInsyncReplicas", $"must be at least 1, was {topic.MinInsyncReplicas}"));
            }

            var indexes = new HashSet<int>();
            foreach (var partition in topic.Partitions)
            {
                var partitionPath = $"{path}.partitions[{partition.Partition}]";
                if (partition.Partition < 0 || !indexes.Add(partition.Partition))
                {
                    problems.Add(new(partitionPath, $"partition index {partition.Partition} is negative or duplicated"));
                }

                PartitionRules.Check(partition, partitionPath, nodes, problems);
            }
        }
    }

    private void CheckFeatures(ClusterState state, List<ValidationProblem> problems)
    {
        var features = state.Features;
        switch (state.MetadataMode)
        {
            case MetadataMode.ZooKeeper when features.InterBrokerProtocolVersion is null:
                problems.Add(new("features.interBrokerProtocolVersion", "a ZooKeeper-mode cluster must report its inter.broker.protocol.version"));
                break;
            case MetadataMode.ZooKeeper when features.MetadataVersionLevel is not null:
                problems.Add(new("features.metadataVersion", "a ZooKeeper-mode cluster has no finalized metadata.version"));
                break;
            case MetadataMode.KRaft when features.InterBrokerProtocolVersion is not null:
                problems.Add(new("features.interBrokerProtocolVersion", "a KRaft cluster has no inter.broker.protocol.version; it uses metadata.version"));
                break;
        }

        if (features.MetadataVersionLevel is { } level && _catalog.FindMetadataVersion(level) is null)
        {
            problems.Add(new("features.metadataVersion", $"metadata.version level {level} is not in the version catalog"));
        }

        if (features.MetadataVersionLevel is { } finalized && state.MetadataMode == MetadataMode.KRaft)
        {
            for (var i = 0; i < state.Nodes.Count; i++)
            {
                var node = state.Nodes[i];
                if (node.State != NodeState.Decommissioned && _catalog.Find(node.Version) is { } release && !release.SupportsMetadataLevel(finalized))
                {
                    problems.Add(new($"nodes[{i}].version",
                        $"Kafka {node.Version} cannot run with the finalized metadata.version level {finalized} (it supports {release.MinSupportedMetadataLevel?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} to {release.LatestProductionMetadataLevel?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})"));
                }
            }
        }

        if (features.KraftVersion is < 0 or > 1)
        {
            problems.Add(new("features.kraftVersion", $"kraft.version must be 0 or 1, was {features.KraftVersion}"));
        }
    }

    private static void CheckControllers(ClusterState state, Dictionary<int, ClusterNode> nodes, List<ValidationProblem> problems)
    {
        if (state.MetadataMode.HasKRaftQuorum() && state.Quorum is null)
        {
            problems.Add(new("quorum", $"a cluster in {state.MetadataMode} mode has a KRaft controller quorum, but none is described"));
        }

        if (state.Quorum is { } quorum)
        {
            QuorumRules.Check(quorum, nodes, problems);
        }

        if (state.ZooKeeperControllerId is { } zkController &&
            (!nodes.TryGetValue(zkController, out var controller) || !controller.IsBroker))
        {
            problems.Add(new("zooKeeperControllerId", $"controller {zkController} is not a broker of the cluster"));
        }
    }

    private static void CheckReassignments(ClusterState state, Dictionary<int, ClusterNode> nodes, List<ValidationProblem> problems)
    {
        var partitions = state.AllPartitions.Select(p => new TopicPartition(p.Topic.Name, p.Partition.Partition)).ToHashSet();
        var seen = new HashSet<TopicPartition>();
        foreach (var reassignment in state.InFlightReassignments)
        {
            var path = $"reassignments[{reassignment.Partition}]";
            if (!partitions.Contains(reassignment.Partition))
            {
                problems.Add(new(path, $"partition {reassignment.Partition} does not exist"));
            }

            if (!seen.Add(reassignment.Partition))
            {
                problems.Add(new(path, $"two reassignments of {reassignment.Partition} in flight"));
            }

            foreach (var id in reassignment.Replicas.Concat(reassignment.AddingReplicas).Where(id => !nodes.ContainsKey(id)).Distinct())
            {
                problems.Add(new($"{path}.replicas", $"node {id} is not in the cluster"));
            }
        }
    }
}
