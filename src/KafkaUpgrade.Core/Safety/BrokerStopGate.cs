using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Safety;

/// <summary>
/// May these brokers be stopped together now without taking any partition below <c>min.insync.replicas</c>?
/// </summary>
/// <remarks>
/// Strimzi's rule (KafkaRoller's availability check), generalised to a set of brokers stopped at once: a
/// partition hosted by a stopping broker blocks when the ISR members that keep running are fewer than its
/// <c>min.insync.replicas</c>. For one broker that is exactly Strimzi's "ISR below minISR and the broker hosts a
/// replica, or ISR equal to minISR and the broker is in it". Topics whose replication factor is at most their
/// <c>min.insync.replicas</c> cannot stay writable across any restart of a replica, so, as in Strimzi, they do not
/// block (they would block forever); the verdict lists them as notes so the operator sees the unavailability.
/// ISR members count only while they run, so the nodes of a restart batch stopped one after another are each seen
/// as down by the next one's check, whatever the ISR still says.
/// </remarks>
public static class BrokerStopGate
{
    /// <summary>Evaluates stopping <paramref name="brokerIds"/> (one or more, together) in <paramref name="state"/>.</summary>
    public static GateVerdict Evaluate(ClusterState state, IReadOnlyCollection<int> brokerIds)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(brokerIds);
        var stopping = brokerIds.ToHashSet();
        var who = stopping.Count == 1 ? $"broker {stopping.Single()}" : $"brokers {string.Join(",", stopping.Order())}";

        var unknown = stopping.Where(id => state.FindNode(id) is not { IsBroker: true }).Order().Select(id => $"node {id}").ToList();
        if (unknown.Count > 0)
        {
            return GateVerdict.Refuse($"Cannot stop {who}: not brokers of this cluster", unknown);
        }

        var blockers = new List<string>();
        var notes = new List<string>();

        // Looked up once, not per ISR member of every partition (a scan of every node each time on a large cluster).
        var running = state.Nodes.Where(n => n.IsRunning).Select(n => n.Id).ToHashSet();
        foreach (var (topic, partition) in state.PartitionsHostedBy(stopping))
        {
            var name = $"{topic.Name}-{partition.Partition}";
            if (partition.ReplicationFactor <= topic.MinInsyncReplicas)
            {
                notes.Add($"{name} (replication factor {partition.ReplicationFactor} <= min.insync.replicas {topic.MinInsyncReplicas}) is unwritable for acks=all while {who} is down");
                continue;
            }

            // Only ISR members that run count: a broker of the same restart batch already stopped (or one that
            // crashed and the controller has not yet dropped from the ISR) keeps nothing in sync.
            var isrAfter = partition.Isr.Count(id => !stopping.Contains(id) && running.Contains(id));
            if (isrAfter < topic.MinInsyncReplicas)
            {
                blockers.Add($"{name} (ISR [{string.Join(",", partition.Isr)}], min.insync.replicas {topic.MinInsyncReplicas}, {isrAfter} in sync after the stop)");
            }
        }

        return blockers.Count > 0
            ? GateVerdict.Refuse($"Stopping {who} would take {blockers.Count} partition(s) below min.insync.replicas", blockers, notes)
            : GateVerdict.Allow($"Stopping {who} keeps every partition at or above min.insync.replicas", notes);
    }
}
