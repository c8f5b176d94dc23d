using KafkaUpgrade.Activities;
using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Paths;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Steering;
using KafkaUpgrade.Workflows.Support;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows;

/// <summary>
/// The whole upgrade of one cluster (workflow id <c>kafka-upgrade-{clusterId}</c>, so one operation per cluster):
/// pre-flight checks, the hop plan from the core's path planner, each hop as a child workflow (node replacement
/// or rolling upgrade, inter-broker protocol bump, ZooKeeper to KRaft migration, finalization), health gates
/// between hops, and post-upgrade validation. Operators steer it here; commands reach the hop running now.
/// </summary>
[Workflow("ClusterUpgrade")]
public sealed class ClusterUpgradeWorkflow
{
    /// <summary>Timing of this run (activity timeouts); set when the run starts, before any activity.</summary>
    private StepTiming? _timing;

    private readonly OperatorControls _controls;
    private readonly ProgressState _progress = new();
    private UpgradePlan? _plan;
    private string? _child;
    private string? _childAwaitingApproval;
    private int _nodesDone;
    private int _partitionsMoved;
    private long _bytesMoved;

    /// <summary>Sets up controls before any signal is handled.</summary>
    [WorkflowInit]
    public ClusterUpgradeWorkflow(ClusterUpgradeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _controls = new OperatorControls(preApproveAll: input.PreApproved, followsCancellation: true);
    }

    /// <summary>Progress of the operation and of the hop running now (query <c>progress</c>).</summary>
    [WorkflowQuery("progress")]
    public OperationProgress Progress => _progress.Current with { AwaitingApproval = _controls.AwaitingApproval ?? _childAwaitingApproval };

    /// <summary>The plan being run, once made (query <c>plan</c>).</summary>
    [WorkflowQuery("plan")]
    public UpgradePlan? Plan => _plan;

    /// <summary>Pause at the next safe point (signal <c>pause</c>).</summary>
    [WorkflowSignal("pause")]
    public Task PauseAsync(string? reason) => CommandAsync(new OperatorCommand(OperatorCommandKind.Pause, reason));

    /// <summary>Continue after a pause (signal <c>resume</c>).</summary>
    [WorkflowSignal("resume")]
    public Task ResumeAsync() => CommandAsync(new OperatorCommand(OperatorCommandKind.Resume));

    /// <summary>Abort: roll back where possible, stop safely otherwise (signal <c>abort</c>).</summary>
    [WorkflowSignal("abort")]
    public Task AbortAsync(string? reason) => CommandAsync(new OperatorCommand(OperatorCommandKind.Abort, reason));

    /// <summary>Change the replication throttle in bytes per second (signal <c>set-throttle</c>).</summary>
    [WorkflowSignal("set-throttle")]
    public Task SetThrottleAsync(long bytesPerSecond) => CommandAsync(new OperatorCommand(OperatorCommandKind.SetThrottle, Value: bytesPerSecond));

    /// <summary>Change the batch size from the next batch on (signal <c>set-batch-size</c>).</summary>
    [WorkflowSignal("set-batch-size")]
    public Task SetBatchSizeAsync(int batchSize) => CommandAsync(new OperatorCommand(OperatorCommandKind.SetBatchSize, Value: batchSize));

    /// <summary>
    /// Approve the gate waiting for approval (update <c>approve</c>), named by the id <c>progress</c> shows; returns
    /// what was approved. The only way an approval enters: the validator refuses one with no gate waiting, an
    /// unnamed one and one for another gate, so nothing is kept for a later gate.
    /// </summary>
    [WorkflowUpdate("approve")]
    public async Task<string> ApproveAsync(string? step)
    {
        var gate = step ?? _controls.AwaitingApproval ?? _childAwaitingApproval!;
        if (!_controls.Approve(gate) && _child is not null)
        {
            // The gate is the hop's (e.g. the migration's finalization): pass the approval on to it.
            await Forwarding.ToChildAsync(_child, new OperatorCommand(OperatorCommandKind.Approve, Step: gate));
        }

        _progress.Controls(_controls);
        return gate;
    }

    /// <summary>Refuses an approval when nothing (or something else) waits for one, or when it names no gate.</summary>
    [WorkflowUpdateValidator(nameof(ApproveAsync))]
    public void ValidateApprove(string? step) => Forwarding.ThrowIfApprovalInvalid(step, _controls.AwaitingApproval ?? _childAwaitingApproval);

    /// <summary>Status of the hop running now (signal <c>child-status</c>).</summary>
    [WorkflowSignal("child-status")]
    public Task ChildStatusAsync(OperationProgress status)
    {
        ArgumentNullException.ThrowIfNull(status);
        _childAwaitingApproval = status.AwaitingApproval;
        _progress.FromChild(status);
        return Task.CompletedTask;
    }

    /// <summary>Runs the upgrade.</summary>
    [WorkflowRun]
    public async Task<OperationResult> RunAsync(ClusterUpgradeInput input)
    {
        InputValidation.ThrowIfInvalid(input);
        var timing = input.Timing ?? new StepTiming();
        _timing = timing;
        Publish(input, "Preflight");
        _progress.Phase("Preflight", "planning and checking the cluster");
        await ClusterLeases.AcquireAsync(input.ClusterId, timing);
        var options = new UpgradePlanOptions(input.Strategy, input.ReplacementBatchSize, input.RestartBatchSize, input.ThrottleBytesPerSecond);
        var planRequest = new PlanRequest(input.ClusterId, input.TargetVersion, options);
        _plan = await Workflow.ExecuteActivityAsync((ClusterActivities a) => a.PlanUpgradeAsync(planRequest), ActivityDefaults.Probe(_timing, "plan the upgrade"));
        // The plan's pre-flight verdicts (disk headroom after the change) are enforced, not only shown. The first one
        // (UpgradePlanBuilder.Preflight) is the health gate, which is not refused but waited out just below.
        var refused = _plan.Preflight.Skip(1).Where(v => !v.Allowed).Select(v => v.Reason).ToList();
        if (refused.Count > 0 && !input.Force && Workflow.Patched("preflight-enforced"))
        {
            throw new ApplicationFailureException(
                $"The pre-flight checks refuse {input.ClusterId}: {string.Join("; ", refused)}. Nothing was changed; fix it or set Force.",
                "PreflightRefused",
                nonRetryable: true);
        }

        var lagBefore = await PreflightAsync(input, timing);
        if (lagBefore is null)
        {
            return Aborted("during pre-flight checks; nothing was changed");
        }

        for (var i = 0; i < _plan.Hops.Count; i++)
        {
            var hop = _plan.Hops[i];
            var phase = $"Hop {i + 1}/{_plan.Hops.Count}: {hop.Hop.Kind} {hop.Hop.FromVersion} -> {hop.Hop.ToVersion}";
            Publish(input, hop.Hop.Kind.ToString());
            _progress.Phase(phase, hop.Summary);
            if (!await Waits.ForAsync(new WaitRequest(input.ClusterId, WaitKind.Health, 0, 0), () => HealthAsync(input.ClusterId), _controls, _progress, timing))
            {
                return Aborted($"before hop {i + 1}; hops 1-{i} are complete");
            }

            if (hop.NeedsApproval && hop.Hop.Kind != UpgradeHopKind.MigrateToKRaft)
            {
                var step = $"hop {i + 1}: {hop.Hop}";
                var approval = _controls.WaitForApprovalAsync(step);
                _progress.Controls(_controls);
                Publish(input, "AwaitingApproval");
                if (!await approval)
                {
                    return Aborted($"before hop {i + 1} (a rollback boundary); hops 1-{i} are complete");
                }

                _progress.Controls(_controls);
                Publish(input, hop.Hop.Kind.ToString());
            }

            var result = await RunHopAsync(input, i, hop.Hop, timing);
            if (result.Outcome == OperationOutcome.Aborted)
            {
                return Aborted($"in hop {i + 1}: {result.Summary}");
            }
        }

        Publish(input, "Validating");
        _progress.Phase("Validating", "every node on the target version, metadata mode as planned, consumer lag");
        var summary = await ValidateAsync(input, timing);
        if (summary is null && Workflow.Patched("truthful-validation-abort"))
        {
            return Aborted("during validation; every hop is complete");
        }

        var lagAfter = await Workflow.ExecuteActivityAsync((ClusterActivities a) => a.MeasureConsumerLagAsync(input.ClusterId), ActivityDefaults.Call(_timing, "measure consumer lag"));
        Publish(input, "Completed");
        // Compared with the baseline, so a consumer that fell behind during the upgrade is reported, not only measured.
        var growth = lagAfter.TotalLag - lagBefore.TotalLag;
        var lag = growth > 0
            ? $"consumer lag grew by {growth} record(s) ({lagBefore.TotalLag} before, {lagAfter.TotalLag} after)"
            : $"consumer lag {lagBefore.TotalLag} before, {lagAfter.TotalLag} after";
        _progress.Phase("Completed", $"{summary}; {lag}");
        return new OperationResult(OperationOutcome.Completed, $"Upgraded {input.ClusterId} to {input.TargetVersion}: {summary}; {lag}", _nodesDone, _partitionsMoved, _bytesMoved);
    }

    private async Task CommandAsync(OperatorCommand command)
    {
        _controls.Apply(command);
        _progress.Controls(_controls);
        if (_child is not null)
        {
            await ForwardAsync(_child, command);
        }
    }

    private static Task ForwardAsync(string childId, OperatorCommand command) => Forwarding.ToChildAsync(childId, command);

    private OperationResult Aborted(string where) => new(OperationOutcome.Aborted, $"Aborted ({_controls.AbortReason}) {where}.");

    /// <summary>Health gate, refusal to run a throttle below the write rate, lag baseline. Null when aborted.</summary>
    private async Task<LagMeasurement?> PreflightAsync(ClusterUpgradeInput input, StepTiming timing)
    {
        if (!await Waits.ForAsync(new WaitRequest(input.ClusterId, WaitKind.Health, 0, 0), () => HealthAsync(input.ClusterId), _controls, _progress, timing))
        {
            return null;
        }

        // A throttle below the produce rate of the busiest broker means a move that never ends.
        var perBroker = await Workflow.ExecuteActivityAsync((ClusterActivities a) => a.MeasurePeakBytesInPerSecondAsync(input.ClusterId), ActivityDefaults.Call(_timing, "measure write rate"));
        if (input.Strategy == UpgradeStrategy.NodeReplacement && input.ThrottleBytesPerSecond < perBroker && !input.Force)
        {
            throw new ApplicationFailureException(
                $"The throttle ({input.ThrottleBytesPerSecond} B/s per broker) is below the observed write rate (~{perBroker:0} B/s into the busiest broker): the move could never finish. Raise the throttle or set Force.",
                "ThrottleBelowWriteRate",
                nonRetryable: true);
        }

        return await Workflow.ExecuteActivityAsync((ClusterActivities a) => a.MeasureConsumerLagAsync(input.ClusterId), ActivityDefaults.Call(_timing, "consumer lag baseline"));
    }

    private async Task<OperationResult> RunHopAsync(ClusterUpgradeInput input, int index, UpgradeHop hop, StepTiming timing)
    {
        var parent = Workflow.Info.WorkflowId;
        var id = WorkflowIds.ForHop(parent, index, hop.Kind.ToString());
        switch (hop.Kind)
        {
            case UpgradeHopKind.SoftwareUpgrade:
                var summary = await Workflow.ExecuteActivityAsync((ClusterActivities a) => a.DescribeClusterAsync(input.ClusterId), ActivityDefaults.Call(_timing, "describe cluster"));
                var controllers = summary.Nodes.Where(n => n.IsController && n.State != NodeState.Decommissioned).Select(n => n.Id).ToList();
                // ZooKeeper mode: the inter-broker protocol is pinned to the one in force, so new binaries on a broker
                // whose server.properties leaves it unset do not raise it mid-roll (the bump is its own hop).
                var pinned = summary.Mode == MetadataMode.ZooKeeper ? summary.Features.InterBrokerProtocolVersion : null;
                var change = new NodeChange(Version: hop.ToVersion.ToString(), PinInterBrokerProtocolIfUnset: pinned);
                if (controllers.Count > 0 && UsesControllerReplacement(input, summary, controllers) && Workflow.Patched("controller-replacement"))
                {
                    // Dynamic quorum (KIP-853): new controllers join and old ones leave, no voter restarts. Behind a
                    // patch so histories recorded before it replay with the in-place roll they ran.
                    var replacementInput = new ControllerReplacementInput(input.ClusterId, hop.ToVersion.ToString(), null, timing, parent);
                    var controllerReplacement = await ChildAsync(id + "-controllers", (ControllerReplacementWorkflow wf) => wf.RunAsync(replacementInput));
                    if (controllerReplacement.Outcome == OperationOutcome.Aborted)
                    {
                        return controllerReplacement;
                    }
                }
                else if (controllers.Count > 0)
                {
                    var controllerInput = new RollingUpgradeInput(input.ClusterId, change, controllers, 1, timing, parent);
                    var controllerRoll = await ChildAsync(id + "-controllers", (RollingUpgradeWorkflow wf) => wf.RunAsync(controllerInput));
                    if (controllerRoll.Outcome == OperationOutcome.Aborted)
                    {
                        return controllerRoll;
                    }
                }

                if (input.Strategy == UpgradeStrategy.NodeReplacement)
                {
                    var replacement = new NodeReplacementInput(input.ClusterId, hop.ToVersion.ToString(), _controls.BatchSize ?? input.ReplacementBatchSize, _controls.ThrottleBytesPerSecond ?? input.ThrottleBytesPerSecond, timing, parent);
                    return await ChildAsync(id, (NodeReplacementWorkflow wf) => wf.RunAsync(replacement));
                }

                var brokers = summary.Nodes.Where(n => n.IsBroker && !n.IsController && n.State != NodeState.Decommissioned).Select(n => n.Id).ToList();
                var rolling = new RollingUpgradeInput(input.ClusterId, change, brokers, _controls.BatchSize ?? input.RestartBatchSize, timing, parent);
                return await ChildAsync(id, (RollingUpgradeWorkflow wf) => wf.RunAsync(rolling));
            case UpgradeHopKind.BumpInterBrokerProtocol:
                var bump = new RollingUpgradeInput(input.ClusterId, new NodeChange(InterBrokerProtocolVersion: hop.FeatureAfter), null, input.RestartBatchSize, timing, parent);
                return await ChildAsync(id, (RollingUpgradeWorkflow wf) => wf.RunAsync(bump));
            case UpgradeHopKind.MigrateToKRaft:
                var migration = new KRaftMigrationInput(input.ClusterId, input.RestartBatchSize, timing, input.PreApproved, parent);
                return await ChildAsync(id, (KRaftMigrationWorkflow wf) => wf.RunAsync(migration));
            default:
                // The parent already took the approval (or the step is not a boundary).
                var finalize = new FinalizeInput(input.ClusterId, hop.MetadataLevel!.Value, PreApproved: true, timing, parent);
                return await ChildAsync(id, (FinalizeMetadataWorkflow wf) => wf.RunAsync(finalize));
        }
    }

    /// <summary>
    /// Node replacement on a KRaft cluster whose quorum is dynamic (<c>kraft.version</c> 1) and whose controllers are
    /// dedicated: replace the controllers too. A static quorum, or combined nodes (their partitions would have to
    /// move), keep the in-place controller roll.
    /// </summary>
    private static bool UsesControllerReplacement(ClusterUpgradeInput input, ClusterSummary summary, List<int> controllers) =>
        input.Strategy == UpgradeStrategy.NodeReplacement
        && summary.Mode == MetadataMode.KRaft
        && summary.Features.KraftVersion == 1
        && summary.Nodes.Where(n => controllers.Contains(n.Id)).All(n => !n.IsBroker);

    private async Task<OperationResult> ChildAsync<TWorkflow>(string id, System.Linq.Expressions.Expression<Func<TWorkflow, Task<OperationResult>>> run)
    {
        if (_controls.Cancelled)
        {
            // Cancelled before this hop started: it is not started at all (a child started with a cancelled
            // token would fail at once).
            return new OperationResult(OperationOutcome.Aborted, $"{id} was not started");
        }

        _progress.Child(id);
        var handle = await Workflow.StartChildWorkflowAsync(run, Detached.Child(id, id));

        // Commands reach a child only once it runs: one that came while it was starting is passed on now, so a
        // paused or aborted operation never has a hop that carries on by itself.
        _child = id;
        if (_controls.AbortRequested)
        {
            await ForwardAsync(id, new OperatorCommand(OperatorCommandKind.Abort, _controls.AbortReason));
        }
        else if (_controls.Paused)
        {
            await ForwardAsync(id, new OperatorCommand(OperatorCommandKind.Pause, _controls.PauseReason));
        }

        var result = await handle.GetResultAsync();
        _child = null;
        _childAwaitingApproval = null;
        _progress.Child(null);
        _nodesDone += result.NodesDone;
        _partitionsMoved += result.PartitionsMoved;
        _bytesMoved += result.BytesMoved;
        return result;
    }

    /// <summary>Waits until the cluster is as planned; the outcome in words, or null when aborted first.</summary>
    private async Task<string?> ValidateAsync(ClusterUpgradeInput input, StepTiming timing)
    {
        var target = KafkaVersion.Parse(input.TargetVersion);
        string? outcome = null;
        async Task<Core.Safety.GateVerdict> Check()
        {
            var summary = await Workflow.ExecuteActivityAsync((ClusterActivities a) => a.DescribeClusterAsync(input.ClusterId), ActivityDefaults.Call(_timing, "describe cluster"));
            if (Core.Safety.OperationMilestones.NotAsPlanned(summary.Nodes, summary.Mode, target, _plan!.ModeAfter) is { } why)
            {
                return Core.Safety.GateVerdict.Refuse(why, []);
            }

            outcome = $"{summary.Nodes.Count(n => n.State != NodeState.Decommissioned)} node(s) on {target} in {summary.Mode} mode";
            return Core.Safety.GateVerdict.Allow("done");
        }

        if (!Workflow.Patched(Waits.SecondPatch) || !Workflow.Patched("waits-in-activity"))
        {
            await Waits.UntilAllowedAsync(Check, _controls, _progress, timing);
            return outcome;
        }

        // Waited for in the activity; the outcome in words from one look once it holds (a look that finds the
        // cluster changed again waits again).
        var planned = new WaitRequest(input.ClusterId, WaitKind.AsPlanned, 0, 0, Modes: [_plan!.ModeAfter], TargetVersion: input.TargetVersion);
        while (outcome is null)
        {
            if (!await Waits.ForAsync(planned, Check, _controls, _progress, timing))
            {
                return null;
            }

            await Check();
        }

        return outcome;
    }

    private async Task<Core.Safety.GateVerdict> HealthAsync(string clusterId)
    {
        var summary = await Workflow.ExecuteActivityAsync((ClusterActivities a) => a.DescribeClusterAsync(clusterId), ActivityDefaults.Call(_timing, "describe cluster"));
        var request = new HealthCheckRequest(clusterId, summary.Nodes.Where(n => n.State != NodeState.Decommissioned).Select(n => n.Id).ToList());
        return await Workflow.ExecuteActivityAsync((ClusterActivities a) => a.CheckHealthAsync(request), ActivityDefaults.Call(_timing, "health gate"));
    }

    private static void Publish(ClusterUpgradeInput input, string phase)
    {
        if (input.PublishSearchAttributes)
        {
            Workflow.UpsertTypedSearchAttributes(
                UpgradeSearchAttributes.ClusterId.ValueSet(input.ClusterId),
                UpgradeSearchAttributes.TargetVersion.ValueSet(input.TargetVersion),
                UpgradeSearchAttributes.Phase.ValueSet(phase));
        }
    }
}
