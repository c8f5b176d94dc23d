using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Client;
using KafkaUpgrade.Kafka.Throttles;
using Serilog;

namespace KafkaUpgrade.Kafka.Admin;

/// <summary>A throttle value removed from a topic or broker, reported so an operator sees what was there.</summary>
/// <param name="Resource"><c>topic NAME</c> or <c>broker N</c>.</param>
/// <param name="Key">Configuration key.</param>
/// <param name="Value">The value removed.</param>
/// <param name="Foreign">True when it was not what kafka-upgrade writes (another tool's leftover, e.g. <c>*</c>).</param>
public sealed record RemovedThrottle(string Resource, string Key, string Value, bool Foreign);

/// <summary>
/// Replication throttles as <c>kafka-reassign-partitions</c> sets and clears them (Kafka
/// <c>ReassignPartitionsCommand</c>): both rates on every broker a move involves, the leader list on the sources and
/// the follower list on the destinations of the partitions being moved only (<see cref="ThrottlePlanner"/>); cleared
/// by deleting the three broker keys on every broker and both topic keys on every topic that has one, including
/// values another tool left behind, each reported.
/// </summary>
internal sealed class ReplicationThrottles(KafkaClusterClient client, ILogger log)
{
    private const sbyte TopicResource = 2;
    private const sbyte BrokerResource = 4;

    /// <summary>What the last clear removed (also logged).</summary>
    public IReadOnlyList<RemovedThrottle> LastCleared { get; private set; } = [];

    /// <summary>
    /// Sets <paramref name="throttle"/>: rates on its brokers and on every broker a move involves; throttled replica
    /// lists for the partitions of <see cref="ReplicationThrottle.Replicas"/> that are being reassigned, plus
    /// <paramref name="proposed"/> moves about to be submitted.
    /// </summary>
    public Task SetAsync(ReplicationThrottle throttle, ClusterState state, IReadOnlyDictionary<TopicPartition, IReadOnlyList<int>> proposed, CancellationToken cancellationToken) =>
        client.OnBrokerAsync(
            async connection =>
            {
                var wanted = throttle.Replicas.ToHashSet();
                var inFlight = state.InFlightReassignments.ToDictionary(r => r.Partition);
                var partitions = state.AllPartitions
                    .Select(p => (Id: new TopicPartition(p.Topic.Name, p.Partition.Partition), p.Partition))
                    .Where(p => proposed.ContainsKey(p.Id) || (inFlight.ContainsKey(p.Id) && (wanted.Contains(p.Id) || proposed.Count > 0)))
                    .Select(p => new PartitionReplicas(
                        p.Id,
                        inFlight.TryGetValue(p.Id, out var r) ? r.Replicas : p.Partition.Replicas,
                        proposed.TryGetValue(p.Id, out var target) ? target : null,
                        inFlight.TryGetValue(p.Id, out var moving) ? moving.AddingReplicas : []));
                var plan = ThrottlePlanner.Plan(throttle.BytesPerSecond, partitions);
                var rate = throttle.BytesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var brokers = plan.Brokers.Union(throttle.Brokers).Order().ToList();

                var existing = await Requests.DescribeConfigsAsync(connection, TopicResource, plan.Topics, ThrottleConfigs.TopicKeys, cancellationToken).ConfigureAwait(false);
                var topicChanges = new Dictionary<string, IReadOnlyDictionary<string, string?>>(StringComparer.Ordinal);
                foreach (var topic in plan.Topics)
                {
                    var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
                    foreach (var (key, lists) in new[] { (ThrottleConfigs.LeaderReplicas, plan.LeaderReplicas), (ThrottleConfigs.FollowerReplicas, plan.FollowerReplicas) })
                    {
                        var ours = lists.GetValueOrDefault(topic, string.Empty);
                        var before = existing.TryGetValue(topic, out var configs) && configs.TryGetValue(key, out var v) ? v.Value : null;
                        if (!string.IsNullOrEmpty(before) && before != ours)
                        {
                            log.Warning("Topic {Topic} had {Key}={Value} that kafka-upgrade did not set; replacing it with the throttle of the moves in flight", topic, key, before);
                        }

                        changes[key] = ours.Length > 0 ? ours : null;
                    }

                    topicChanges[topic] = changes;
                }

                await Requests.IncrementalAlterConfigsAsync(connection, BrokerResource, brokers.ToDictionary(
                    b => b.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?> { [ThrottleConfigs.LeaderRate] = rate, [ThrottleConfigs.FollowerRate] = rate }), cancellationToken).ConfigureAwait(false);
                await Requests.IncrementalAlterConfigsAsync(connection, TopicResource, topicChanges, cancellationToken).ConfigureAwait(false);
                log.Information("Replication throttle {Rate} B/s on brokers {Brokers}; throttled replicas on topics {Topics}", throttle.BytesPerSecond, brokers, plan.Topics.ToList());
                return true;
            },
            cancellationToken);

    /// <summary>The throttle in force: the rate on brokers that have one and the partitions named in topic lists.</summary>
    public Task<ReplicationThrottle?> DescribeAsync(ClusterState state, CancellationToken cancellationToken) =>
        client.OnBrokerAsync(
            async connection =>
            {
                var brokerConfigs = await Requests.DescribeConfigsAsync(connection, BrokerResource, state.Brokers.Where(b => b.IsRunning).Select(b => b.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), [ThrottleConfigs.LeaderRate, ThrottleConfigs.FollowerRate], cancellationToken).ConfigureAwait(false);
                // A rate is in force where it is a dynamic per-broker value (ConfigSource 1 DYNAMIC_BROKER_CONFIG).
                var rates = brokerConfigs
                    .Select(b => (Broker: int.Parse(b.Key, System.Globalization.CultureInfo.InvariantCulture), Config: b.Value.GetValueOrDefault(ThrottleConfigs.LeaderRate)))
                    .Where(b => b.Config.Source == 1 && long.TryParse(b.Config.Value, System.Globalization.CultureInfo.InvariantCulture, out _))
                    .Select(b => (b.Broker, Rate: (long?)long.Parse(b.Config.Value!, System.Globalization.CultureInfo.InvariantCulture)))
                    .ToList();
                var topicConfigs = await Requests.DescribeConfigsAsync(connection, TopicResource, state.Topics.Select(t => t.Name), ThrottleConfigs.TopicKeys, cancellationToken).ConfigureAwait(false);
                var replicas = new HashSet<TopicPartition>();
                foreach (var (topic, configs) in topicConfigs)
                {
                    foreach (var key in ThrottleConfigs.TopicKeys)
                    {
                        if (configs.TryGetValue(key, out var value))
                        {
                            var entries = ThrottlePlanner.ParseReplicas(value.Value, out var all);
                            var partitions = all ? state.Topics.First(t => t.Name == topic).Partitions.Select(p => p.Partition) : entries.Select(e => e.Partition);
                            replicas.UnionWith(partitions.Select(p => new TopicPartition(topic, p)));
                        }
                    }
                }

                return rates.Count == 0 && replicas.Count == 0
                    ? null
                    : new ReplicationThrottle(rates.Select(r => r.Rate!.Value).DefaultIfEmpty(0).Max(), [.. rates.Select(r => r.Broker).Order()], [.. replicas.OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition)]);
            },
            cancellationToken);

    /// <summary>Deletes every throttle key on every broker and topic, reporting each value removed.</summary>
    public Task<IReadOnlyList<RemovedThrottle>> ClearAsync(ClusterState state, CancellationToken cancellationToken) =>
        client.OnBrokerAsync(
            async connection =>
            {
                var removed = new List<RemovedThrottle>();
                var brokerIds = state.Brokers.Where(b => b.IsRunning).Select(b => b.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
                var brokerConfigs = await Requests.DescribeConfigsAsync(connection, BrokerResource, brokerIds, ThrottleConfigs.BrokerKeys, cancellationToken).ConfigureAwait(false);
                var brokerChanges = new Dictionary<string, IReadOnlyDictionary<string, string?>>(StringComparer.Ordinal);
                foreach (var (broker, configs) in brokerConfigs)
                {
                    // Only dynamic values can be deleted (ConfigSource 1 DYNAMIC_BROKER_CONFIG, 2 DYNAMIC_DEFAULT_BROKER_CONFIG).
                    var present = configs.Where(c => c.Value.Source is 1 && !string.IsNullOrEmpty(c.Value.Value)).ToList();
                    removed.AddRange(present.Select(c => new RemovedThrottle($"broker {broker}", c.Key, c.Value.Value!, c.Key == ThrottleConfigs.LogDirRate)));
                    brokerChanges[broker] = ThrottleConfigs.BrokerKeys.ToDictionary(k => k, _ => (string?)null, StringComparer.Ordinal);
                }

                var topicConfigs = await Requests.DescribeConfigsAsync(connection, TopicResource, state.Topics.Select(t => t.Name), ThrottleConfigs.TopicKeys, cancellationToken).ConfigureAwait(false);
                var topicChanges = new Dictionary<string, IReadOnlyDictionary<string, string?>>(StringComparer.Ordinal);
                foreach (var (topic, configs) in topicConfigs)
                {
                    var present = configs.Where(c => !string.IsNullOrEmpty(c.Value.Value)).ToList();
                    if (present.Count == 0)
                    {
                        continue;
                    }

                    removed.AddRange(present.Select(c => new RemovedThrottle($"topic {topic}", c.Key, c.Value.Value!, IsForeign(c.Value.Value!))));
                    topicChanges[topic] = ThrottleConfigs.TopicKeys.ToDictionary(k => k, _ => (string?)null, StringComparer.Ordinal);
                }

                await Requests.IncrementalAlterConfigsAsync(connection, BrokerResource, brokerChanges, cancellationToken).ConfigureAwait(false);
                await Requests.IncrementalAlterConfigsAsync(connection, TopicResource, topicChanges, cancellationToken).ConfigureAwait(false);
                foreach (var value in removed)
                {
                    if (value.Foreign)
                    {
                        log.Warning("Removed {Key}={Value} on {Resource}: left behind by another tool", value.Key, value.Value, value.Resource);
                    }
                    else
                    {
                        log.Information("Removed {Key}={Value} on {Resource}", value.Key, value.Value, value.Resource);
                    }
                }

                LastCleared = removed;
                return (IReadOnlyList<RemovedThrottle>)removed;
            },
            cancellationToken);

    // kafka-upgrade writes partition:broker lists only; '*' (every replica) or anything unparsable came from elsewhere.
    private static bool IsForeign(string value)
    {
        try
        {
            ThrottlePlanner.ParseReplicas(value, out var all);
            return all;
        }
        catch (FormatException)
        {
            return true;
        }
    }
}
