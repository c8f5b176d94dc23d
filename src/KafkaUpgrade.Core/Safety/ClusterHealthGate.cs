using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Safety;

/// <summary>
/// Is the cluster healthy enough to take the next step? The "boring, stable cluster" check Aiven gates every step
/// on: expected nodes running, no offline or under-replicated partition, no reassignment in flight that someone
/// else started, and (KRaft) a quorum with a leader.
/// </summary>
public static class ClusterHealthGate
{
    /// <summary>Evaluates <paramref name="state"/> against <paramref name="expectation"/>; the first failing check decides.</summary>
    public static GateVerdict Evaluate(ClusterState state, HealthExpectation expectation)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(expectation);

        var notRunning = expectation.ExpectedRunningNodes
            .Where(id => state.FindNode(id) is not { IsRunning: true })
            .Order()
            .Select(id => state.FindNode(id) is { } node ? $"node {id} ({node.State})" : $"node {id} (missing)")
            .ToList();
        if (notRunning.Count > 0)
        {
            return GateVerdict.Refuse($"{notRunning.Count} expected node(s) not running", notRunning);
        }

        if (state.MetadataMode.HasKRaftQuorum() && state.Quorum is not { HasLeader: true })
        {
            return GateVerdict.Refuse("The KRaft controller quorum has no leader", ["quorum"]);
        }

        // One pass over every partition, by index and without LINQ: the gate runs on each poll of a wait, and on a
        // 100,000-partition cluster the enumerations were most of a poll's cost. Same lists, same order, as before.
        var offline = new List<string>();
        var underReplicated = new List<(TopicState Topic, PartitionState Partition)>();
        var topics = state.Topics;
        for (var t = 0; t < topics.Count; t++)
        {
            var topic = topics[t];
            var partitions = topic.Partitions;
            for (var i = 0; i < partitions.Count; i++)
            {
                var partition = partitions[i];
                if (partition.IsOffline)
                {
                    offline.Add(Name((topic, partition)));
                }

                if (partition.IsUnderReplicated)
                {
                    underReplicated.Add((topic, partition));
                }
            }
        }

        if (offline.Count > 0)
        {
            return GateVerdict.Refuse($"{offline.Count} partition(s) offline", offline);
        }

        if (underReplicated.Count > 0)
        {
            var reassigning = state.InFlightReassignments.Select(r => r.Partition).ToHashSet();
            var unexplained = underReplicated
                .Where(p => !reassigning.Contains(new TopicPartition(p.Topic.Name, p.Partition.Partition)))
                .Select(Name)
                .ToList();
            if (unexplained.Count > 0)
            {
                return GateVerdict.Refuse($"{unexplained.Count} partition(s) under-replicated", unexplained);
            }
        }

        var own = expectation.OwnReassignments.ToHashSet();
        var foreign = state.InFlightReassignments.Where(r => !own.Contains(r.Partition)).Select(r => r.Partition.ToString()).ToList();
        if (foreign.Count > 0)
        {
            // Waited out, not refused: Kafka finishes them (e.g. the moves of a run that was terminated), and an operator
            // who does not want them can cancel them meanwhile with 'kafka-upgrade repair'.
            return GateVerdict.Refuse($"{foreign.Count} reassignment(s) in flight that this operation did not start (left by an earlier run? 'kafka-upgrade repair' cancels them)", foreign);
        }

        return GateVerdict.Allow(
            $"Healthy: {expectation.ExpectedRunningNodes.Count} expected node(s) running, {state.PartitionCount} partition(s) fully replicated" +
            (state.MetadataMode.HasKRaftQuorum() ? $", quorum leader {state.Quorum!.LeaderId}" : string.Empty));
    }

    private static string Name((TopicState Topic, PartitionState Partition) p) => $"{p.Topic.Name}-{p.Partition.Partition}";
}
