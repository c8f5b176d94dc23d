using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Simulation.State;

/// <summary>
/// Replication throttles as Kafka stores them (Kafka 3.9 docs §6 "Limiting Bandwidth Usage during Data Migration";
/// <c>QuotaConfig</c>): the rates <c>leader.replication.throttled.rate</c> / <c>follower.replication.throttled.rate</c>
/// are dynamic configs of each broker, and the throttled replicas <c>leader.replication.throttled.replicas</c> /
/// <c>follower.replication.throttled.replicas</c> are per-topic "partition:broker" lists. Each stays until deleted:
/// setting a throttle on other brokers or topics leaves earlier ones in force.
/// </summary>
internal sealed class ThrottleConfigs
{
    private readonly Dictionary<int, long> _rates = [];
    private readonly Dictionary<string, HashSet<(int Partition, int Broker)>> _replicas = new(StringComparer.Ordinal);

    public bool IsEmpty => _rates.Count == 0 && _replicas.Count == 0;

    /// <summary>
    /// What <c>kafka-reassign-partitions --throttle</c> writes: the rate on each named broker (overwriting its own
    /// value only) and, for every topic named, its lists replaced by "partition:broker" for the named partitions on
    /// the named brokers (an incremental SET of that topic's config; other topics keep theirs).
    /// </summary>
    public void Set(ReplicationThrottle throttle)
    {
        foreach (var broker in throttle.Brokers)
        {
            _rates[broker] = throttle.BytesPerSecond;
        }

        foreach (var topic in throttle.Replicas.GroupBy(r => r.Topic, StringComparer.Ordinal))
        {
            _replicas[topic.Key] = topic.SelectMany(tp => throttle.Brokers.Select(b => (tp.Partition, b))).ToHashSet();
        }
    }

    /// <summary>Deletes every throttle config (as <c>--verify</c> does once nothing moves).</summary>
    /// <summary>One broker's dynamic <c>leader/follower.replication.throttled.rate</c>; null deletes it.</summary>
    public void SetRate(int broker, long? bytesPerSecond)
    {
        if (bytesPerSecond is { } rate)
        {
            _rates[broker] = rate;
        }
        else
        {
            _rates.Remove(broker);
        }
    }

    /// <summary>One topic's <c>leader/follower.replication.throttled.replicas</c> list; null or empty deletes it.</summary>
    public void SetReplicas(string topic, IEnumerable<(int Partition, int Broker)>? replicas)
    {
        var list = replicas?.ToHashSet() ?? [];
        if (list.Count == 0)
        {
            _replicas.Remove(topic);
        }
        else
        {
            _replicas[topic] = list;
        }
    }

    /// <summary>The <c>partition:broker</c> entries listed for a topic (empty when none).</summary>
    public IReadOnlyCollection<(int Partition, int Broker)> ReplicasOf(string topic) =>
        _replicas.TryGetValue(topic, out var list) ? list.OrderBy(e => e.Partition).ThenBy(e => e.Broker).ToList() : [];

    public void Clear()
    {
        _rates.Clear();
        _replicas.Clear();
    }

    /// <summary>The rate set on <paramref name="broker"/>, or null (Long.MAX_VALUE: unthrottled).</summary>
    public long? RateOn(int broker) => _rates.TryGetValue(broker, out var rate) ? rate : null;

    /// <summary>True when the topic's list names this partition on this broker.</summary>
    public bool Lists(TopicPartition partition, int broker) =>
        _replicas.TryGetValue(partition.Topic, out var list) && list.Contains((partition.Partition, broker));

    /// <summary>The configs in force, summarised in the port's shape (the lowest rate set), or null when none.</summary>
    public ReplicationThrottle? Describe() => IsEmpty
        ? null
        : new ReplicationThrottle(
            _rates.Count == 0 ? long.MaxValue : _rates.Values.Min(),
            _rates.Keys.Order().ToList(),
            _replicas.SelectMany(kv => kv.Value.Select(e => new TopicPartition(kv.Key, e.Partition))).Distinct().OrderBy(tp => tp.Topic, StringComparer.Ordinal).ThenBy(tp => tp.Partition).ToList());
}
