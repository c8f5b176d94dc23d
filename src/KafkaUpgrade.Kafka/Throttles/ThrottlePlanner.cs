using System.Globalization;
using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Kafka.Throttles;

/// <summary>One partition's replicas as a throttle needs them: those it has now and those it is (or will be) moving to.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="CurrentReplicas">Its replica set now (for a partition being reassigned, the full set including adding replicas).</param>
/// <param name="ProposedReplicas">The target about to be submitted, or null when none is submitted now.</param>
/// <param name="AddingReplicas">Replicas an in-flight reassignment is adding (ListPartitionReassignments), or empty.</param>
public sealed record PartitionReplicas(TopicPartition Partition, IReadOnlyList<int> CurrentReplicas, IReadOnlyList<int>? ProposedReplicas, IReadOnlyList<int> AddingReplicas);

/// <summary>
/// What one partition move throttles, as Kafka's <c>ReassignPartitionsCommand.calculateProposedMoveMap</c> computes
/// it: sources are the current replicas minus those an in-flight reassignment is adding; destinations are the
/// proposed replicas not yet in the replica set plus those being added.
/// </summary>
/// <param name="Sources">Replicas that serve the data (leader-side throttle).</param>
/// <param name="Destinations">Replicas that fetch it (follower-side throttle).</param>
public sealed record PartitionMove(IReadOnlySet<int> Sources, IReadOnlySet<int> Destinations);

/// <summary>The configuration a throttle writes.</summary>
/// <param name="BytesPerSecond">Leader and follower rate on each of <paramref name="Brokers"/>.</param>
/// <param name="Brokers">Every broker a move involves (sources and destinations).</param>
/// <param name="LeaderReplicas">Per topic, the value of <c>leader.replication.throttled.replicas</c>.</param>
/// <param name="FollowerReplicas">Per topic, the value of <c>follower.replication.throttled.replicas</c>.</param>
public sealed record ThrottlePlan(
    long BytesPerSecond,
    IReadOnlyList<int> Brokers,
    IReadOnlyDictionary<string, string> LeaderReplicas,
    IReadOnlyDictionary<string, string> FollowerReplicas)
{
    /// <summary>Every topic the plan writes.</summary>
    public IEnumerable<string> Topics => LeaderReplicas.Keys.Union(FollowerReplicas.Keys).Order(StringComparer.Ordinal);
}

/// <summary>
/// Computes a replication throttle exactly as <c>kafka-reassign-partitions --execute --throttle</c> (and
/// <c>--additional</c>) does (Kafka <c>tools/.../reassign/ReassignPartitionsCommand</c>: calculateProposedMoveMap,
/// calculateLeaderThrottles, calculateFollowerThrottles, calculateReassigningBrokers, modifyReassignmentThrottle):
/// only partitions being moved are throttled, the leader side on the sources, the follower side on the
/// destinations, and both rates on every broker a move involves. Pure, so the rule is tested without a cluster.
/// </summary>
public static class ThrottlePlanner
{
    /// <summary>The move of one partition; null when it is neither proposed nor being reassigned.</summary>
    public static PartitionMove? MoveOf(PartitionReplicas partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        if (partition.ProposedReplicas is null && partition.AddingReplicas.Count == 0)
        {
            return null;
        }

        var adding = partition.AddingReplicas.ToHashSet();
        var sources = partition.CurrentReplicas.Where(r => !adding.Contains(r)).ToHashSet();
        var destinations = (partition.ProposedReplicas ?? []).Where(r => !partition.CurrentReplicas.Contains(r)).Concat(adding).ToHashSet();
        return new PartitionMove(sources, destinations);
    }

    /// <summary>The throttle for every partition in <paramref name="partitions"/> that is proposed or being reassigned.</summary>
    public static ThrottlePlan Plan(long bytesPerSecond, IEnumerable<PartitionReplicas> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        ArgumentOutOfRangeException.ThrowIfNegative(bytesPerSecond);
        var moves = partitions
            .Select(p => (p.Partition, Move: MoveOf(p)))
            .Where(m => m.Move is not null)
            .Select(m => (m.Partition, Move: m.Move!))
            .ToList();
        var brokers = moves.SelectMany(m => m.Move.Sources.Concat(m.Move.Destinations)).Distinct().Order().ToList();
        return new ThrottlePlan(
            bytesPerSecond,
            brokers,
            Lists(moves, m => m.Sources),
            Lists(moves, m => m.Destinations));
    }

    /// <summary>Formats <c>partition:broker,...</c>, ordered by partition then broker as Kafka writes it.</summary>
    public static string Format(IEnumerable<(int Partition, int Broker)> entries) =>
        string.Join(",", entries.OrderBy(e => e.Partition).ThenBy(e => e.Broker).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Partition}:{e.Broker}")));

    /// <summary>
    /// Parses a <c>*.replication.throttled.replicas</c> value into its entries; <c>*</c> (every replica) and an
    /// empty value give an empty list with <paramref name="all"/> telling which.
    /// </summary>
    public static IReadOnlyList<(int Partition, int Broker)> ParseReplicas(string? value, out bool all)
    {
        all = value?.Trim() == "*";
        if (string.IsNullOrWhiteSpace(value) || all)
        {
            return [];
        }

        var entries = new List<(int, int)>();
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split(':');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var partition) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var broker))
            {
                throw new FormatException($"'{item}' in throttled replicas '{value}' is not partition:broker");
            }

            entries.Add((partition, broker));
        }

        return entries;
    }

    private static Dictionary<string, string> Lists(List<(TopicPartition Partition, PartitionMove Move)> moves, Func<PartitionMove, IReadOnlySet<int>> side) =>
        moves
            .GroupBy(m => m.Partition.Topic, StringComparer.Ordinal)
            .Select(g => (Topic: g.Key, Value: Format(g.SelectMany(m => side(m.Move).Select(b => (m.Partition.Partition, b))))))
            .Where(t => t.Value.Length > 0)
            .ToDictionary(t => t.Topic, t => t.Value, StringComparer.Ordinal);
}
