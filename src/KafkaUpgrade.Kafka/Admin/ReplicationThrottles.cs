using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Client;
using KafkaUpgrade.Kafka.Throttles;
using Serilog;

namespace KafkaUpgrade.Kafka.Admin;

/// <summary>Topics, live brokers and reassignments, with the listeners of the live brokers (broker configs go to each broker).</summary>
/// <param name="State">The cluster (only live brokers, topics and reassignments are filled in).</param>
/// <param name="Endpoints">Each live broker's advertised listener.</param>
internal sealed record LiveCluster(ClusterState State, IReadOnlyDictionary<int, (string Host, int Port)> Endpoints);

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

    // Kafka's AdminClient sends a BROKER config resource with an id to that broker (it answers "Unexpected broker id"
    // otherwise), and DescribeConfigsResponse.ConfigSource 2 is DYNAMIC_BROKER_CONFIG.
    private const sbyte DynamicBrokerConfig = 2;

    private async Task<IReadOnlyDictionary<int, IReadOnlyDictionary<string, (string? Value, sbyte Source)>>> DescribeBrokersAsync(LiveCluster cluster, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, IReadOnlyDictionary<string, (string?, sbyte)>>();
        foreach (var broker in cluster.State.Brokers.Where(b => b.IsRunning))
        {
            var (host, port) = Endpoint(cluster, broker.Id);
            var id = broker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var configs = await client.OnNodeAsync(broker.Id, host, port, c => Requests.DescribeConfigsAsync(c, BrokerResource, [id], keys, cancellationToken), cancellationToken).ConfigureAwait(false);
            result[broker.Id] = configs.TryGetValue(id, out var found) ? found : new Dictionary<string, (string?, sbyte)>();
        }

        return result;
    }

    private async Task AlterBrokersAsync(LiveCluster cluster, IReadOnlyDictionary<int, IReadOnlyDictionary<string, string?>> changes, CancellationToken cancellationToken)
    {
        foreach (var (broker, configs) in changes)
        {
            var (host, port) = Endpoint(cluster, broker);
            var id = broker.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await client.OnNodeAsync(broker, host, port, async c =>
            {
                await Requests.IncrementalAlterConfigsAsync(c, BrokerResource, new Dictionary<string, IReadOnlyDictionary<string, string?>> { [id] = configs }, cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static (string Host, int Port) Endpoint(LiveCluster cluster, int broker) =>
        cluster.Endpoints.TryGetValue(broker, out var e)
            ? e
            : throw new KafkaApiException(KafkaError.BrokerNotAvailable, $"broker {broker} is not live (Metadata does not list it): its throttle configuration cannot be changed now");

    /// <summary>What the last clear removed (also logged).</summary>
    public IReadOnlyList<RemovedThrottle> LastCleared { get; private set; } = [];

    /// <summary>
    /// Sets <paramref name="throttle"/>: rates on its brokers and on every broker a move involves; throttled replica
    /// lists for the partitions of <see cref="ReplicationThrottle.Replicas"/> that are being reassigned, plus
    /// <paramref name="proposed"/> moves about to be submitted.
    /// </summary>
    public Task SetAsync(ReplicationThrottle throttle, LiveCluster cluster, IReadOnlyDictionary<TopicPartition, IReadOnlyList<int>> proposed, CancellationToken cancellationToken) =>
        client.OnBrokerAsync(
            async connection =>
            {
                var wanted = throttle.Replicas.ToHashSet();
                var inFlight = cluster.State.InFlightReassignments.ToDictionary(r => r.Partition);
                var partitions = cluster.State.AllPartitions
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

                await AlterBrokersAsync(cluster, brokers.Where(b => cluster.State.FindNode(b) is { IsRunning: true }).ToDictionary(
                    b => b,
                    _ => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?> { [ThrottleConfigs.LeaderRate] = rate, [ThrottleConfigs.FollowerRate] = rate }), cancellationToken).ConfigureAwait(false);
                await Requests.IncrementalAlterConfigsAsync(connection, TopicResource, topicChanges, cancellationToken).ConfigureAwait(false);
                log.Information("Replication throttle {Rate} B/s on brokers {Brokers}; throttled replicas on topics {Topics}", throttle.BytesPerSecond, brokers, plan.Topics.ToList());
                return true;
            },
            cancellationToken);

    /// <summary>The throttle in force: the rate on brokers that have one and the partitions named in topic lists.</summary>
    public Task<ReplicationThrottle?> DescribeAsync(LiveCluster cluster, CancellationToken cancellationToken) =>
        client.OnBrokerAsync(
            async connection =>
            {
                var brokerConfigs = await DescribeBrokersAsync(cluster, [ThrottleConfigs.LeaderRate, ThrottleConfigs.FollowerRate], cancellationToken).ConfigureAwait(false);

                // A rate is in force where it is a dynamic per-broker value.
                var rates = brokerConfigs
                    .Select(b => (Broker: b.Key, Config: b.Value.GetValueOrDefault(ThrottleConfigs.LeaderRate)))
                    .Where(b => b.Config.Source == DynamicBrokerConfig && long.TryParse(b.Config.Value, System.Globalization.CultureInfo.InvariantCulture, out _))
                    .Select(b => (b.Broker, Rate: (long?)long.Parse(b.Config.Value!, System.Globalization.CultureInfo.InvariantCulture)))
                    .ToList();
                var topicConfigs = await Requests.DescribeConfigsAsync(connection, TopicResource, cluster.State.Topics.Select(t => t.Name), ThrottleConfigs.TopicKeys, cancellationToken).ConfigureAwait(false);
                var replicas = new HashSet<TopicPartition>();
                foreach (var (topic, configs) in topicConfigs)
                {
                    foreach (var key in ThrottleConfigs.TopicKeys)
                    {
                        if (configs.TryGetValue(key, out var value))
                        {
                            var entries = ThrottlePlanner.ParseReplicas(value.Value, out var all);
                            var partitions = all ? cluster.State.Topics.First(t => t.Name == topic).Partitions.Select(p => p.Partition) : entries.Select(e => e.Partition);
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
    public Task<IReadOnlyList<RemovedThrottle>> ClearAsync(LiveCluster cluster, CancellationToken cancellationToken) =>
        client.OnBrokerAsync(
            async connection =>
            {
                var removed = new List<RemovedThrottle>();
                var brokerConfigs = await DescribeBrokersAsync(cluster, ThrottleConfigs.BrokerKeys, cancellationToken).ConfigureAwait(false);
                var brokerChanges = new Dictionary<int, IReadOnlyDictionary<string, string?>>();
                foreach (var (broker, configs) in brokerConfigs)
                {
                    // Only dynamic values can be deleted: static ones live in server.properties.
                    var present = configs.Where(c => ThrottleConfigs.BrokerKeys.Contains(c.Key) && c.Value.Source == DynamicBrokerConfig && !string.IsNullOrEmpty(c.Value.Value)).ToList();
                    if (present.Count == 0)
                    {
                        continue;
                    }

                    removed.AddRange(present.Select(c => new RemovedThrottle($"broker {broker}", c.Key, c.Value.Value!, c.Key == ThrottleConfigs.LogDirRate)));
                    brokerChanges[broker] = present.ToDictionary(c => c.Key, _ => (string?)null, StringComparer.Ordinal);
                }

                var topicConfigs = await Requests.DescribeConfigsAsync(connection, TopicResource, cluster.State.Topics.Select(t => t.Name), ThrottleConfigs.TopicKeys, cancellationToken).ConfigureAwait(false);
                var topicChanges = new Dictionary<string, IReadOnlyDictionary<string, string?>>(StringComparer.Ordinal);
                foreach (var (topic, configs) in topicConfigs)
                {
                    var present = configs.Where(c => ThrottleConfigs.TopicKeys.Contains(c.Key) && !string.IsNullOrEmpty(c.Value.Value)).ToList();
                    if (present.Count == 0)
                    {
                        continue;
                    }

                    removed.AddRange(present.Select(c => new RemovedThrottle($"topic {topic}", c.Key, c.Value.Value!, IsForeign(c.Value.Value!))));
                    topicChanges[topic] = present.ToDictionary(c => c.Key, _ => (string?)null, StringComparer.Ordinal);
                }

                await AlterBrokersAsync(cluster, brokerChanges, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Deletes the throttle rates set on one live broker (a broker about to be retired), reporting each value removed.</summary>
    public async Task<IReadOnlyList<RemovedThrottle>> ClearBrokerAsync(LiveCluster cluster, int brokerId, CancellationToken cancellationToken)
    {
        if (!cluster.Endpoints.ContainsKey(brokerId))
        {
            return [];
        }

        var (host, port) = Endpoint(cluster, brokerId);
        var id = brokerId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var configs = await client.OnNodeAsync(brokerId, host, port, c => Requests.DescribeConfigsAsync(c, BrokerResource, [id], ThrottleConfigs.BrokerKeys, cancellationToken), cancellationToken).ConfigureAwait(false);
        var present = (configs.TryGetValue(id, out var found) ? found : new Dictionary<string, (string?, sbyte)>())
            .Where(c => ThrottleConfigs.BrokerKeys.Contains(c.Key) && c.Value.Source == DynamicBrokerConfig && !string.IsNullOrEmpty(c.Value.Value))
            .ToList();
        if (present.Count > 0)
        {
            await AlterBrokersAsync(cluster, new Dictionary<int, IReadOnlyDictionary<string, string?>> { [brokerId] = present.ToDictionary(c => c.Key, _ => (string?)null, StringComparer.Ordinal) }, cancellationToken).ConfigureAwait(false);
            foreach (var (key, value) in present)
            {
                log.Information("Removed {Key}={Value} on {Resource} before it is retired", key, value.Value, $"broker {brokerId}");
            }
        }

        return [.. present.Select(c => new RemovedThrottle($"broker {brokerId}", c.Key, c.Value.Value!, c.Key == ThrottleConfigs.LogDirRate))];
    }

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
