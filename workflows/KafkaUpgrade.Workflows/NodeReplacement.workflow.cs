using KafkaUpgrade.Activities;
using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Reassignment;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Core.Safety;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Steering;
using KafkaUpgrade.Workflows.Support;
using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows;

/// <summary>
/// Aiven's node replacement: start a new broker on the target version beside each old one, move the data and
/// leadership to the new brokers under a throttle, in batches of at most N old brokers, and retire an old broker
/// only once it holds nothing. A stalled move leaves the old brokers in place and says so; the throttle is cleared
/// at the end, on abort and on failure.
/// </summary>
[Workflow("NodeReplacement")]
public sealed class NodeReplacementWorkflow
{
    /// <summary>Timing of this run (activity timeouts); set when the run starts, before any activity.</summary>
    private StepTiming? _timing;

    private readonly OperatorControls _controls;
    private readonly ProgressState _progress = new();

    /// <summary>Restores operator controls carried over a continue-as-new before any signal is handled.</summary>
    [WorkflowInit]
    public NodeReplacementWorkflow(NodeReplacementInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _controls = new OperatorControls(input.Carried?.Controls, followsCancellation: true);
    }

    /// <summary>Progress for operators (query <c>progress</c>).</summary>
    [WorkflowQuery("progress")]
    public OperationProgress Progress => _progress.Current;

    /// <summary>Operator command, usually forwarded by the parent operation (signal <c>control</c>).</summary>
    [WorkflowSignal("control")]
    public async Task ControlAsync(OperatorCommand command)
    {
        _controls.Apply(command);
        _progress.Controls(_controls);
        await _progress.FlushAsync();
    }

    /// <summary>Runs the replacement.</summary>
    [WorkflowRun]
    public async Task<OperationResult> RunAsync(NodeReplacementInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _progress.AttachParent(input.ParentWorkflowId);
        var timing = input.Timing ?? new StepTiming();
        _timing = timing;
        await ClusterLeases.AcquireForHopAsync(input.ClusterId, timing);
        var pairs = input.Carried?.Pairs ?? await StartNewBrokersAsync(input, timing);
        if (pairs is null)
        {
            return Aborted("before any data moved", 0);
        }

        var retired = new List<int>(input.Carried?.Retired ?? []);
        var bytesMoved = input.Carried?.BytesMoved ?? 0;
        var partitionsMoved = input.Carried?.PartitionsMoved ?? 0;
        var newIds = pairs.Select(p => p.NewNodeId).ToList();
        var oldIds = pairs.Select(p => p.OldNodeId).ToList();
        var continuing = false;
        var cleanedUp = false;
        var resumeBatch = input.Carried?.BatchInFlight;
        try
        {
            await SetThrottleAsync(input, oldIds.Except(retired).Concat(newIds).ToList());
            var totalBytes = bytesMoved + (await DrainAsync(input.ClusterId, oldIds.Except(retired).ToList())).BytesOnRetiringNodes;
            while (retired.Count < oldIds.Count)
            {
                var batchSize = _controls.BatchSize ?? input.BatchSize;
                var resuming = resumeBatch is { Count: > 0 };
                var batch = resuming ? [.. resumeBatch!] : oldIds.Except(retired).Take(batchSize).ToList();
                resumeBatch = null;

                // A batch can move data for hours, polling all the while: its history is bounded by continuing as
                // new in the middle of it, carrying the batch, whose moves keep running in the cluster meanwhile.
                void ContinueMidBatch(long movedSoFar)
                {
                    continuing = true;
                    var next = input with { Carried = new NodeReplacementCarry(pairs, retired, _controls.Snapshot(), movedSoFar, partitionsMoved, batch) };
                    throw Workflow.CreateContinueAsNewException((NodeReplacementWorkflow wf) => wf.RunAsync(next));
                }

                _progress.Phase($"Replacing brokers {retired.Count + 1}-{retired.Count + batch.Count} of {oldIds.Count}", $"moving every replica off brokers {string.Join(",", batch)}");
                await _progress.FlushAsync();
                var outcome = await MoveBatchAsync(input, timing, batch, newIds, totalBytes, bytesMoved, resuming, ContinueMidBatch);
                if (outcome is null)
                {
                    await CancelMovesAsync(input, oldIds, newIds);
                    cleanedUp = true;
                    return Aborted($"brokers {string.Join(",", oldIds.Except(retired))} stay in service; moves in flight were cancelled", retired.Count);
                }

                bytesMoved = outcome.Value.BytesMoved;
                partitionsMoved += outcome.Value.Partitions;
                if (!await RetireAsync(input, timing, batch))
                {
                    return Aborted($"brokers {string.Join(",", oldIds.Except(retired))} stay in service", retired.Count);
                }

                retired.AddRange(batch);
                _progress.Nodes(retired.Count, oldIds.Count);
                if (retired.Count < oldIds.Count && (Workflow.CurrentHistoryLength > (input.ContinueAsNewAfterEvents ?? RollingUpgradeWorkflow.ContinueAsNewAfterEvents) || Workflow.ContinueAsNewSuggested))
                {
                    continuing = true;
                    var next = input with { Carried = new NodeReplacementCarry(pairs, retired, _controls.Snapshot(), bytesMoved, partitionsMoved) };
                    throw Workflow.CreateContinueAsNewException((NodeReplacementWorkflow wf) => wf.RunAsync(next));
                }
            }
        }
        catch (Exception) when (!continuing && !cleanedUp)
        {
            // A failure (a refusal no retry fixes) must not leave our moves running, unthrottled once the throttle
            // goes below: cancel them (Kafka reverts each to its replicas before the move), then fail as before.
            if (Workflow.Patched("cancel-own-moves-on-failure"))
            {
                await Workflow.ExecuteActivityAsync((ReassignmentActivities a) => a.CancelOwnMovesAsync(new CancelMovesRequest(input.ClusterId, oldIds, newIds)), ActivityDefaults.Cleanup(_timing, "cancel our reassignments in flight"));
            }

            throw;
        }
        finally
        {
            if (!continuing)
            {
                // Never leave replication throttled: at the end, on abort and on failure alike.
                await Workflow.ExecuteActivityAsync((ReassignmentActivities a) => a.ClearThrottleAsync(input.ClusterId), ActivityDefaults.Cleanup(_timing, "clear replication throttle"));
            }
        }

        _progress.Phase("Done", $"{oldIds.Count} broker(s) replaced by {string.Join(",", newIds)}");
        await _progress.FlushAsync();
        return new OperationResult(OperationOutcome.Completed, $"Replaced brokers {string.Join(",", oldIds)} by {string.Join(",", newIds)} on {input.TargetVersion}", oldIds.Count, partitionsMoved, bytesMoved);
    }

    /// <summary>
    /// Cancels the moves of this replacement still in flight: those off its old brokers onto its new ones, not a
    /// reassignment someone else started (behind a patch: earlier runs cancelled every reassignment).
    /// </summary>
    private Task<int> CancelMovesAsync(NodeReplacementInput input, IReadOnlyList<int> oldIds, IReadOnlyList<int> newIds) =>
        Workflow.Patched("cancel-own-moves")
            ? Workflow.ExecuteActivityAsync((ReassignmentActivities a) => a.CancelOwnMovesAsync(new CancelMovesRequest(input.ClusterId, oldIds, newIds)), ActivityDefaults.Cleanup(_timing, "cancel our reassignments in flight"))
            : Workflow.ExecuteActivityAsync((ReassignmentActivities a) => a.CancelInFlightAsync(input.ClusterId), ActivityDefaults.Cleanup(_timing, "cancel reassignments in flight"));

    private OperationResult Aborted(string what, int done) =>
        new(OperationOutcome.Aborted, $"Aborted ({_controls.AbortReason}): {what}.", done);

    /// <summary>Pairs every old broker with a new one (next free ids, same rack and disk) and waits until the new ones run.</summary>
    private async Task<IReadOnlyList<NodePair>?> StartNewBrokersAsync(NodeReplacementInput input, StepTiming timing)
    {
        _progress.Phase("Starting new brokers", $"provisioning brokers on {input.TargetVersion}");
        await _progress.FlushAsync();
        var target = KafkaVersion.Parse(input.TargetVersion);
        var summary = await Workflow.ExecuteActivityAsync((ClusterActivities a) => a.DescribeClusterAsync(input.ClusterId), ActivityDefaults.Call(_timing, "describe cluster"));
        var old = summary.Nodes.Where(n => n.IsBroker && !n.IsController && n.State != NodeState.Decommissioned && n.Version != target).Select(n => n.Id).Order().ToList();
        var firstId = summary.Nodes.Max(n => n.Id) + 1;
        var pairs = old.Select((id, i) => new NodePair(id, firstId + i)).ToList();
        var toPair = old;
        var reusing = false;

        // A rerun after a replacement that died once its new brokers were up: those brokers take their places again
        // and only old brokers without one get a new broker, so no second set is provisioned beside the first.
        var pairing = ReplacementPairing.Plan(summary.Nodes, target);
        if (pairing.Reused.Count > 0 && Workflow.Patched("rerun-reuses-new-brokers"))
        {
            reusing = true;
            toPair = [.. pairing.Unpaired];
            pairs = [.. pairing.Reused.Select(p => new NodePair(p.OldNodeId, p.NewNodeId)), .. toPair.Select((id, i) => new NodePair(id, firstId + i))];
            pairs = [.. pairs.OrderBy(p => p.OldNodeId)];
            _progress.Step($"reusing new brokers {string.Join(",", pairing.Reused.Select(p => p.NewNodeId))} an earlier run started");
        }

        if (toPair.Count > 0 || !reusing)
        {
            var request = new NodesRequest(input.ClusterId, toPair);
            var oldInfos = await Workflow.ExecuteActivityAsync((NodeActivities a) => a.DescribeNodesAsync(request), ActivityDefaults.Call(_timing, "describe old brokers"));
            var toProvision = pairs
                .Where(p => toPair.Contains(p.OldNodeId))
                .Select(p => new NodeToProvision(p.NewNodeId, Pinned(oldInfos.Single(o => o.NodeId == p.OldNodeId).Config, summary) with { Version = target }))
                .ToList();
            var provision = new ProvisionNodesRequest(input.ClusterId, toProvision);
            await Workflow.ExecuteActivityAsync((NodeActivities a) => a.ProvisionNodesAsync(provision), ActivityDefaults.Call(_timing, $"provision {toProvision.Count} broker(s)"));
        }

        _progress.Nodes(0, pairs.Count);
        _progress.Step($"waiting for new brokers {string.Join(",", pairs.Select(p => p.NewNodeId))} to join");
        var newIds = new NodesRequest(input.ClusterId, pairs.Select(p => p.NewNodeId).ToList());
        var joined = await Waits.ForAsync(
            new WaitRequest(input.ClusterId, WaitKind.NodesRunning, 0, 0, NodeIds: newIds.NodeIds),
            async () =>
            {
                var infos = await Workflow.ExecuteActivityAsync((NodeActivities a) => a.DescribeNodesAsync(newIds), ActivityDefaults.Call(_timing, "describe new brokers"));
                var waiting = infos.Where(n => n.State != NodeState.Running)
                    .Select(n => n.State == NodeState.Failed ? $"new broker {n.NodeId} failed to start: {n.FailureReason}" : $"new broker {n.NodeId} is {n.State}")
                    .ToList();
                return waiting.Count == 0 ? GateVerdict.Allow("done") : GateVerdict.Refuse(string.Join("; ", waiting), []);
            },
            _controls,
            _progress,
            timing);
        return joined ? pairs : null;
    }

    /// <summary>
    /// A ZooKeeper-mode broker's configuration with <c>inter.broker.protocol.version</c> set explicitly to the one in
    /// force: a new broker on the target version would otherwise default to its own, newer protocol.
    /// </summary>
    private static NodeConfig Pinned(NodeConfig config, ClusterSummary summary) =>
        config.IsZooKeeperBroker && config.InterBrokerProtocolVersion is null && summary.Features.InterBrokerProtocolVersion is { } ibp
            ? config with { InterBrokerProtocolVersion = ibp }
            : config;

    /// <summary>Moves every replica off <paramref name="batch"/>; null when aborted.</summary>
    /// <param name="input">The workflow's input.</param>
    /// <param name="timing">Poll interval and stall reporting.</param>
    /// <param name="batch">Old brokers to drain.</param>
    /// <param name="newIds">The new brokers.</param>
    /// <param name="totalBytes">Bytes the whole replacement moves (grows with producers' writes).</param>
    /// <param name="bytesMovedBefore">Bytes moved by earlier batches (and by this one before a continue-as-new).</param>
    /// <param name="resuming">The batch's moves were started by the previous run (continued as new mid-batch): they are ours, not a foreign reassignment.</param>
    /// <param name="continueMidBatch">Continues as new, carrying the batch and the bytes moved so far; never returns.</param>
    private async Task<(long BytesMoved, int Partitions)?> MoveBatchAsync(
        NodeReplacementInput input, StepTiming timing, IReadOnlyList<int> batch, IReadOnlyList<int> newIds, long totalBytes, long bytesMovedBefore, bool resuming, Action<long> continueMidBatch)
    {
        var live = await LiveNodesAsync(input.ClusterId);
        var healthy = new WaitRequest(input.ClusterId, WaitKind.Health, 0, 0, NodeIds: live, AllowOwnReassignments: resuming);
        if (!await Waits.ForAsync(healthy, () => CheckHealthAsync(input.ClusterId, live, allowOwnReassignments: resuming), _controls, _progress, timing))
        {
            return null;
        }

        var request = new ReassignmentBatchRequest(input.ClusterId, batch, newIds);
        var started = await Workflow.ExecuteActivityAsync((ReassignmentActivities a) => a.StartBatchAsync(request), ActivityDefaults.Call(_timing, $"reassign off brokers {string.Join(",", batch)}"));
        var batchBytes = (await DrainAsync(input.ClusterId, batch)).BytesOnRetiringNodes;
        var throttleVersion = _controls.SettingsVersion;
        var lastRemaining = long.MaxValue;
        var lastProgressAt = Workflow.UtcNow;
        var drained = await Waits.UntilAsync(
            async () =>
            {
                if (_controls.SettingsVersion != throttleVersion)
                {
                    throttleVersion = _controls.SettingsVersion;
                    await SetThrottleAsync(input, batch.Concat(newIds).ToList());
                }

                var progress = await DrainAsync(input.ClusterId, batch);

                // Producers keep writing to replicas still on the old brokers, so what is left can grow: count the
                // growth as more to move rather than as negative progress.
                var growth = Math.Max(0, progress.BytesOnRetiringNodes - batchBytes);
                batchBytes += growth;
                totalBytes += growth;
                var moved = bytesMovedBefore + (batchBytes - progress.BytesOnRetiringNodes);
                totalBytes = Math.Max(totalBytes, moved);
                _progress.Data(started.PartitionsSubmitted + started.PartitionsAlreadyMoving - progress.PartitionsOnRetiringNodes, started.PartitionsSubmitted + started.PartitionsAlreadyMoving, moved, totalBytes);
                if (progress.Drained)
                {
                    return null;
                }

                if (progress.InFlight == 0)
                {
                    // Nothing moving but data left (a refused or new partition): submit again; it is idempotent.
                    await Workflow.ExecuteActivityAsync((ReassignmentActivities a) => a.StartBatchAsync(request), ActivityDefaults.Call(_timing, "resubmit remaining moves"));
                }

                // A batch still moving data continues as new at twice the between-batch length: about 11 events per
                // poll, so a run stays far below Temporal's 51,200-event limit however slow the move.
                if (Workflow.CurrentHistoryLength > 2 * (input.ContinueAsNewAfterEvents ?? RollingUpgradeWorkflow.ContinueAsNewAfterEvents) && Workflow.Patched("continue-as-new-mid-batch"))
                {
                    continueMidBatch(moved);
                }

                if (progress.BytesOnRetiringNodes < lastRemaining)
                {
                    lastRemaining = progress.BytesOnRetiringNodes;
                    lastProgressAt = Workflow.UtcNow;
                }

                var stalled = Workflow.UtcNow - lastProgressAt > TimeSpan.FromMilliseconds(timing.StallAfterMs);
                var reason = stalled
                    ? $"move stalled: no progress for {(Workflow.UtcNow - lastProgressAt).TotalSeconds:0}s ({progress.PartitionsOnRetiringNodes} partition(s) still on brokers {string.Join(",", batch)}); the old brokers stay until it completes"
                    : $"{progress.PartitionsOnRetiringNodes} partition(s) still on brokers {string.Join(",", batch)}, {progress.InFlight} move(s) in flight";

                // Say what holds the move up, so an operator sees a crashed or lagging broker rather than a slow count.
                if (progress.NodesDown is { Count: > 0 } down)
                {
                    reason += $"; waiting for {string.Join(", ", down)} to come back";
                }

                return progress.UnderReplicated > 0 ? $"{reason}; {progress.UnderReplicated} of them under-replicated" : reason;
            },
            _controls,
            _progress,
            timing);
        if (!drained)
        {
            return null;
        }

        await Workflow.ExecuteActivityAsync((ReassignmentActivities a) => a.ElectPreferredLeadersAsync(input.ClusterId), ActivityDefaults.Call(_timing, "move leadership to the new brokers"));
        return (bytesMovedBefore + batchBytes, started.PartitionsSubmitted + started.PartitionsAlreadyMoving);
    }

    /// <summary>Retires each broker of the batch once it holds nothing (the activity re-checks that itself).</summary>
    private async Task<bool> RetireAsync(NodeReplacementInput input, StepTiming timing, IReadOnlyList<int> batch)
    {
        foreach (var node in batch)
        {
            _progress.Step($"retiring broker {node}");
            var request = new NodeRequest(input.ClusterId, node);
            if (!await Waits.ThenAsync(
                    new WaitRequest(input.ClusterId, WaitKind.Retirable, 0, 0, NodeIds: [node]),
                    () => Workflow.ExecuteActivityAsync((NodeActivities a) => a.DecommissionNodeAsync(request), ActivityDefaults.Call(_timing, $"retire broker {node}")),
                    _controls,
                    _progress,
                    timing))
            {
                return false;
            }

            await Workflow.ExecuteActivityAsync((MetadataActivities a) => a.UnregisterBrokerAsync(request), ActivityDefaults.Call(_timing, $"unregister broker {node}"));
        }

        return true;
    }

    private async Task SetThrottleAsync(NodeReplacementInput input, IReadOnlyList<int> brokers)
    {
        var request = new ThrottleRequest(input.ClusterId, _controls.ThrottleBytesPerSecond ?? input.ThrottleBytesPerSecond, brokers);
        await Workflow.ExecuteActivityAsync((ReassignmentActivities a) => a.SetThrottleAsync(request), ActivityDefaults.Call(_timing, $"throttle replication to {request.BytesPerSecond} B/s"));
    }

    private Task<DrainProgress> DrainAsync(string clusterId, IReadOnlyList<int> nodes)
    {
        var request = new NodesRequest(clusterId, nodes);
        return Workflow.ExecuteActivityAsync((ReassignmentActivities a) => a.GetDrainProgressAsync(request), ActivityDefaults.Call(_timing, "drain progress"));
    }

    private async Task<IReadOnlyList<int>> LiveNodesAsync(string clusterId)
    {
        var summary = await Workflow.ExecuteActivityAsync((ClusterActivities a) => a.DescribeClusterAsync(clusterId), ActivityDefaults.Call(_timing, "describe cluster"));
        return summary.Nodes.Where(n => n.State != NodeState.Decommissioned).Select(n => n.Id).ToList();
    }

    private Task<GateVerdict> CheckHealthAsync(string clusterId, IReadOnlyList<int> expected, bool allowOwnReassignments)
    {
        var request = new HealthCheckRequest(clusterId, expected, allowOwnReassignments);
        return Workflow.ExecuteActivityAsync((ClusterActivities a) => a.CheckHealthAsync(request), ActivityDefaults.Call(_timing, "health gate"));
    }
}
