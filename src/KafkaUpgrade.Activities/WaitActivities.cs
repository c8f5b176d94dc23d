using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Core.Safety;
using Temporalio.Activities;

namespace KafkaUpgrade.Activities;

/// <summary>
/// Long waits (a health gate held for days, a node that does not start, a migration phase) as one heartbeating
/// activity call per stretch of waiting rather than a workflow timer and two activities per poll, so the
/// workflow's history stays bounded however long the wait. Heartbeats carry the latest reason; an abort or pause
/// cancels the call (the workflow races it against its controls) and a worker that dies is noticed by the
/// heartbeat timeout. A cluster that cannot be reached counts as "not yet", with Kafka's error as the reason.
/// </summary>
public sealed class WaitActivities(IClusterRegistry clusters)
{
    /// <summary>Waits as <paramref name="request"/> says; returns the verdict that ended the call (allowed, a new reason, the first reason after <see cref="FirstCallPolls"/> polls of a first call, or the same reason after the longest wait).</summary>
    [Activity]
    public Task<GateVerdict> AwaitAsync(WaitRequest request) => ActivityFailures.Translate(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var connection = clusters.Resolve(request.ClusterId);
        var token = Token;
        var deadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(Math.Max(request.PollIntervalMs, request.MaxWaitMs));
        var shown = Shape(request.LastReason);
        var memo = new HealthMemo();

        // A first call (the workflow shows no reason yet) polls a few times before it reports a refusal: most waits
        // end within them (a restarted broker running, then back in every ISR), and each one that does costs the
        // workflow one call and one workflow task instead of two. The reason is in the heartbeat meanwhile.
        // Counted in polls, not time: with short polls a gate that takes longer to evaluate than the interval would
        // otherwise report after its first poll.
        var polls = 0;
        while (true)
        {
            polls++;
            GateVerdict verdict;
            try
            {
                verdict = await EvaluateAsync(connection, request, token, memo).ConfigureAwait(false);
            }
            catch (KafkaApiException ex) when (ActivityFailures.IsRetriable(ex.Error))
            {
                // Kafka unreachable or busy: not yet. Keep waiting (and heartbeating, so an abort still arrives).
                verdict = GateVerdict.Refuse($"cannot read the cluster right now ({ex.Message})", []);
            }

            var now = DateTime.UtcNow;
            if (verdict.Allowed || now >= deadline
                || (request.LastReason is null ? polls >= FirstCallPolls : Shape(verdict.Reason) != shown))
            {
                return PayloadBounds.Bounded(verdict);
            }

            if (ActivityExecutionContext.HasCurrent)
            {
                ActivityExecutionContext.Current.Heartbeat(verdict.Reason);
            }

            await Task.Delay(request.PollIntervalMs, token).ConfigureAwait(false);
        }
    });

    /// <summary>How many polls a first call makes before it reports a refusal (see <see cref="AwaitAsync"/>).</summary>
    internal const int FirstCallPolls = 3;

    internal static async Task<GateVerdict> EvaluateAsync(ClusterConnection connection, WaitRequest request, CancellationToken token, HealthMemo? memo = null)
    {
        switch (request.Kind)
        {
            case WaitKind.Health:
                var state = await connection.Admin.DescribeClusterAsync(token).ConfigureAwait(false);

                // A ClusterState is an immutable snapshot: an adapter that hands back the very same one (nothing changed
                // since the last poll) gets the same verdict without the gate walking every partition again.
                if (memo is { Verdict: { } known } && ReferenceEquals(memo.State, state))
                {
                    return known;
                }

                var expected = request.NodeIds ?? state.Nodes.Where(n => n.State != NodeState.Decommissioned).Select(n => n.Id).ToList();
                var own = request.AllowOwnReassignments ? state.InFlightReassignments.Select(r => r.Partition).ToList() : [];
                var verdict = ClusterHealthGate.Evaluate(state, new HealthExpectation(expected, own));
                if (memo is not null)
                {
                    memo.State = state;
                    memo.Verdict = verdict;
                }

                return verdict;
            case WaitKind.NodesRunning:
                var waiting = new List<string>();
                foreach (var id in request.NodeIds ?? [])
                {
                    var node = await connection.Provisioner.DescribeNodeAsync(id, token).ConfigureAwait(false);
                    if (node is null)
                    {
                        waiting.Add($"node {id} does not exist yet");
                    }
                    else if (node.State == NodeState.Failed)
                    {
                        waiting.Add($"node {id} failed to start: {node.FailureReason}");
                    }
                    else if (node.State != NodeState.Running || (request.Configs?.TryGetValue(id, out var target) == true && !node.Config.SameAs(target)))
                    {
                        waiting.Add($"node {id} is {node.State}");
                    }
                }

                return waiting.Count == 0 ? GateVerdict.Allow("every node runs") : GateVerdict.Refuse(string.Join("; ", waiting), []);
            case WaitKind.RestartAllowed:
                foreach (var id in request.NodeIds ?? [])
                {
                    var node = await connection.Provisioner.DescribeNodeAsync(id, token).ConfigureAwait(false);
                    if (node is null || request.Configs?.GetValueOrDefault(id) is not { } config)
                    {
                        // Nothing to wait for: the restart itself reports a node that does not exist.
                        continue;
                    }

                    var restart = await NodeActivities.RestartVerdictAsync(connection, node, config, token).ConfigureAwait(false);
                    if (!restart.Allowed)
                    {
                        return restart;
                    }
                }

                return GateVerdict.Allow("the stop gate allows");
            case WaitKind.Retirable:
                var cluster = await connection.Admin.DescribeClusterAsync(token).ConfigureAwait(false);
                foreach (var id in request.NodeIds ?? [])
                {
                    var removal = NodeActivities.RemovalVerdict(cluster, id);
                    if (!removal.Allowed)
                    {
                        return removal;
                    }
                }

                return GateVerdict.Allow("nothing left on the nodes");
            case WaitKind.NodesGone:
                var present = new List<int>();
                foreach (var id in request.NodeIds ?? [])
                {
                    if (await connection.Provisioner.DescribeNodeAsync(id, token).ConfigureAwait(false) is { State: not NodeState.Decommissioned })
                    {
                        present.Add(id);
                    }
                }

                return present.Count == 0
                    ? GateVerdict.Allow("every node is gone")
                    : GateVerdict.Refuse($"{request.Subject ?? "nodes"} {string.Join(",", present)} still shutting down", []);
            case WaitKind.CaughtUpObserver or WaitKind.HealthyVoter or WaitKind.VoterRemovable or WaitKind.VoterRemoved:
                var quorum = await connection.Admin.DescribeQuorumAsync(token).ConfigureAwait(false);
                var member = request.NodeIds is [var only] ? only : throw new ArgumentException($"a {request.Kind} wait names one node", nameof(request));
                return request.Kind switch
                {
                    WaitKind.VoterRemovable => ControllerStopGate.Evaluate(quorum, member),
                    WaitKind.CaughtUpObserver => AsVerdict(QuorumMembership.NotYetCaughtUpObserver(quorum, member)),
                    WaitKind.HealthyVoter => AsVerdict(QuorumMembership.NotYetHealthyVoter(quorum, member)),
                    _ => AsVerdict(QuorumMembership.NotYetRemoved(quorum, member)),
                };
            case WaitKind.ReadyToFinalize:
                var migration = await connection.Admin.DescribeMigrationAsync(token).ConfigureAwait(false);
                var nodes = (await connection.Admin.DescribeClusterAsync(token).ConfigureAwait(false)).Nodes;
                return AsVerdict(OperationMilestones.NotReadyToFinalize(migration, nodes));
            case WaitKind.AsPlanned:
                var now = await connection.Admin.DescribeClusterAsync(token).ConfigureAwait(false);
                var planned = request.Modes is [var first, ..] ? first : now.MetadataMode;
                var version = KafkaVersion.Parse(request.TargetVersion ?? throw new ArgumentException("an AsPlanned wait names its target version", nameof(request)));
                return AsVerdict(OperationMilestones.NotAsPlanned(now.Nodes, now.MetadataMode, version, planned));
            default:
                var modes = request.Modes ?? [];
                var mode = (await connection.Admin.DescribeClusterAsync(token).ConfigureAwait(false)).MetadataMode;
                return modes.Contains(mode)
                    ? GateVerdict.Allow($"metadata mode is {mode}")
                    : GateVerdict.Refuse($"metadata mode is {mode}, waiting for {(modes.Count > 0 ? modes[0] : mode)}", []);
        }
    }

    private static GateVerdict AsVerdict(string? reason) => reason is null ? GateVerdict.Allow("done") : GateVerdict.Refuse(reason, []);

    /// <summary>A reason's wording without its numbers: a count ticking down is the same wait, a new kind of wait is not.</summary>
    internal static string Shape(string? reason) => reason is null ? "-" : new string(reason.Where(c => !char.IsAsciiDigit(c)).ToArray());

    /// <summary>The last cluster snapshot one wait evaluated, and its verdict.</summary>
    internal sealed class HealthMemo
    {
        public ClusterState? State { get; set; }

        public GateVerdict? Verdict { get; set; }
    }

    private static CancellationToken Token => ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;
}
