using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Reassignment;
using KafkaUpgrade.Core.Ports;
using Temporalio.Activities;

namespace KafkaUpgrade.Activities;

/// <summary>
/// Moving partition data for a node replacement: throttles, batch submission, drain progress and leadership.
/// Submitting a batch twice is harmless: partitions already moving are left alone and moved ones no longer qualify.
/// </summary>
public sealed class ReassignmentActivities(IClusterRegistry clusters)
{
    /// <summary>Throttles replication of every partition on <see cref="ThrottleRequest.Brokers"/> to the rate.</summary>
    [Activity]
    public Task<int> SetThrottleAsync(ThrottleRequest request) => ActivityFailures.Translate(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var admin = clusters.Resolve(request.ClusterId).Admin;
        var state = await admin.DescribeClusterAsync(Token).ConfigureAwait(false);
        var brokers = request.Brokers.ToHashSet();
        var replicas = state.PartitionsHostedBy(brokers)
            .Select(p => new TopicPartition(p.Topic.Name, p.Partition.Partition))
            .ToList();
        await admin.SetReplicationThrottleAsync(new ReplicationThrottle(request.BytesPerSecond, brokers, replicas), Token).ConfigureAwait(false);
        return replicas.Count;
    });

    /// <summary>Removes every replication throttle. Safe to call any number of times.</summary>
    [Activity]
    public Task<bool> ClearThrottleAsync(string clusterId) => ActivityFailures.Translate(async () =>
    {
        await clusters.Resolve(clusterId).Admin.ClearReplicationThrottleAsync(Token).ConfigureAwait(false);
        return true;
    });

    /// <summary>Plans (Core's <see cref="ReassignmentPlanner"/>) and submits moving every replica off the batch's retiring brokers.</summary>
    [Activity]
    public Task<ReassignmentBatchResult> StartBatchAsync(ReassignmentBatchRequest request) => ActivityFailures.Translate(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var admin = clusters.Resolve(request.ClusterId).Admin;
        var state = await admin.DescribeClusterAsync(Token).ConfigureAwait(false);
        var moving = state.InFlightReassignments.Select(r => r.Partition).ToHashSet();
        var retiring = request.RetiringNodes.ToHashSet();
        var alreadyMoving = moving.Count == 0 ? 0 : state.PartitionsHostedBy(retiring).Count(p => moving.Contains(new TopicPartition(p.Topic.Name, p.Partition.Partition)));

        // Plan only partitions not already moving: a retried activity must not re-target a move in flight. Topics
        // without a move keep their partition list as it is (no per-partition key built for the common case).
        var movingTopics = moving.Select(tp => tp.Topic).ToHashSet(StringComparer.Ordinal);
        var idle = state with
        {
            Topics = state.Topics.Select(t => movingTopics.Contains(t.Name) ? t with { Partitions = t.Partitions.Where(p => !moving.Contains(new TopicPartition(t.Name, p.Partition))).ToList() } : t).ToList(),
            Reassignments = [],
        };
        var newNodes = request.NewNodes.Select(id => state.FindNode(id) ?? throw new NodeProvisioningException(id, "new node is not part of the cluster")).ToList();
        var plan = ReassignmentPlanner.Plan(idle, request.RetiringNodes, newNodes, Math.Max(1, request.RetiringNodes.Count), newNodesJoined: true);
        var targets = plan.Moves.ToDictionary(m => m.Partition, m => (IReadOnlyList<int>?)m.TargetReplicas);
        var errors = targets.Count == 0 ? new Dictionary<TopicPartition, KafkaApiException>() : await admin.AlterPartitionReassignmentsAsync(targets, Token).ConfigureAwait(false);
        return new ReassignmentBatchResult(
            targets.Count - errors.Count,
            alreadyMoving,
            plan.Moves.Where(m => !errors.ContainsKey(m.Partition)).Sum(m => m.BytesToMove),
            PayloadBounds.Bounded(errors.Select(e => $"{e.Key}: {e.Value.Message}").ToList()));
    });

    /// <summary>
    /// Cancels the reassignments in flight that move replicas off the request's retiring brokers onto its new ones
    /// (what a node replacement submits); others, started by someone else, are left alone. Kafka reverts a cancelled
    /// move to the replicas it had before (KIP-455). Returns how many were cancelled.
    /// </summary>
    [Activity]
    public Task<int> CancelOwnMovesAsync(CancelMovesRequest request) => ActivityFailures.Translate(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var admin = clusters.Resolve(request.ClusterId).Admin;
        var ours = OwnMoves(await admin.ListPartitionReassignmentsAsync(Token).ConfigureAwait(false), request.RetiringNodes, request.NewNodes);
        if (ours.Count == 0)
        {
            return 0;
        }

        var errors = await admin.AlterPartitionReassignmentsAsync(ours.ToDictionary(r => r.Partition, _ => (IReadOnlyList<int>?)null), Token).ConfigureAwait(false);
        return ours.Count - errors.Count;
    });

    /// <summary>Moves that add replicas only on <paramref name="newNodes"/> and remove them only from <paramref name="retiring"/>.</summary>
    internal static IReadOnlyList<ReassignmentState> OwnMoves(IReadOnlyList<ReassignmentState> inFlight, IReadOnlyList<int> retiring, IReadOnlyList<int> newNodes) =>
        inFlight.Where(r => r.AddingReplicas.Count > 0 && r.AddingReplicas.All(newNodes.Contains) && r.RemovingReplicas.All(retiring.Contains)).ToList();

    /// <summary>Cancels every reassignment in flight: kept for runs started before <see cref="CancelOwnMovesAsync"/>, which cancels only ours.</summary>
    [Activity]
    public Task<int> CancelInFlightAsync(string clusterId) => ActivityFailures.Translate(async () =>
    {
        var admin = clusters.Resolve(clusterId).Admin;
        var inFlight = await admin.ListPartitionReassignmentsAsync(Token).ConfigureAwait(false);
        if (inFlight.Count == 0)
        {
            return 0;
        }

        var errors = await admin.AlterPartitionReassignmentsAsync(inFlight.ToDictionary(r => r.Partition, _ => (IReadOnlyList<int>?)null), Token).ConfigureAwait(false);
        return inFlight.Count - errors.Count;
    });

    /// <summary>How much is still on the retiring brokers and how many moves are in flight.</summary>
    [Activity]
    public Task<DrainProgress> GetDrainProgressAsync(NodesRequest request) => ActivityFailures.Translate(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = await clusters.Resolve(request.ClusterId).Admin.DescribeClusterAsync(Token).ConfigureAwait(false);
        var retiring = request.NodeIds.ToHashSet();
        var hosting = state.PartitionsHostedBy(retiring);
        // A replica being added is out of the ISR until it caught up: that is the move, not a problem.
        var adding = state.InFlightReassignments.ToDictionary(r => r.Partition, r => r.AddingReplicas);
        bool IsBeingAdded(string topic, int partition, int replica) =>
            adding.TryGetValue(new TopicPartition(topic, partition), out var added) && added.Contains(replica);

        // Why a move may not finish: a replica (old or new) that is down holds up every move it takes part in.
        var down = hosting.SelectMany(p => p.Partition.Replicas).Distinct().Order()
            .Select(id => state.FindNode(id))
            .Where(n => n is { IsRunning: false })
            .Select(n => $"broker {n!.Id} ({n.State})")
            .ToList();
        return new DrainProgress(
            hosting.Count,
            state.InFlightReassignments.Count,
            hosting.Sum(p => p.Partition.SizeBytes * p.Partition.Replicas.Count(retiring.Contains)),
            hosting.Count(p => p.Partition.Replicas.Any(r => !p.Partition.Isr.Contains(r) && !IsBeingAdded(p.Topic.Name, p.Partition.Partition, r))),
            down);
    });

    /// <summary>Preferred leader election on every partition (after a move or a restart). Returns how many could not be done now.</summary>
    [Activity]
    public Task<int> ElectPreferredLeadersAsync(string clusterId) => ActivityFailures.Translate(async () =>
        (await clusters.Resolve(clusterId).Admin.ElectPreferredLeadersAsync(null, Token).ConfigureAwait(false)).Count);

    private static CancellationToken Token => ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;
}
