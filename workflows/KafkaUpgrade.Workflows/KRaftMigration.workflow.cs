using KafkaUpgrade.Activities;
using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Steering;
using KafkaUpgrade.Workflows.Support;
using Microsoft.Extensions.Logging;
using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows;

/// <summary>
/// Kafka 3.9's ZooKeeper to KRaft migration: provision a controller quorum with migration enabled, roll the
/// brokers into migration mode, wait for the metadata copy (dual-write), roll the brokers to KRaft, wait for an
/// operator's approval, finalize by rolling the controllers without the migration flag. An abort before
/// finalization rolls back to ZooKeeper by Kafka's documented steps; after it there is no way back.
/// </summary>
[Workflow("KRaftMigration")]
public sealed class KRaftMigrationWorkflow
{
    /// <summary>Timing of this run (activity timeouts); set when the run starts, before any activity.</summary>
    private StepTiming? _timing;

    /// <summary>The approval step name: the point of no return.</summary>
    public const string FinalizeStep = "finalize the ZooKeeper to KRaft migration";

    private readonly OperatorControls _controls;
    private readonly ProgressState _progress = new();
    private string? _child;
    private bool _rollingBack;

    // Set once the finalization is approved: from then on an abort (or a Temporal cancel) is refused, because
    // some controllers finalized and others not is the one state Kafka cannot roll back from.
    private bool _finalizing;
    private string? _refusedAbort;

    /// <summary>Sets up controls before any signal is handled.</summary>
    [WorkflowInit]
    public KRaftMigrationWorkflow(KRaftMigrationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _controls = new OperatorControls(preApproveAll: input.PreApproved, followsCancellation: true);
    }

    /// <summary>Progress for operators (query <c>progress</c>).</summary>
    [WorkflowQuery("progress")]
    public OperationProgress Progress => _progress.Current;

    /// <summary>Operator command (signal <c>control</c>); forwarded to the broker roll running now. Never approves.</summary>
    [WorkflowSignal("control")]
    public async Task ControlAsync(OperatorCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _controls.Apply(command);
        if (_finalizing && command.Kind == OperatorCommandKind.Abort)
        {
            _refusedAbort = command.Reason ?? "aborted by an operator";
            Workflow.Logger.LogWarning("Abort refused: the migration is being finalized (past the point of no return)");
        }

        _progress.Controls(_controls);
        await _progress.FlushAsync();

        // A roll back to ZooKeeper must finish, and so must the finalization: an abort must not stop either halfway.
        if (_child is not null && command.Kind != OperatorCommandKind.Approve && !((_rollingBack || _finalizing) && command.Kind == OperatorCommandKind.Abort))
        {
            await ForwardAsync(_child, command);
        }
    }

    /// <summary>Approve the finalization (update <c>approve</c>), naming the gate <c>progress</c> shows.</summary>
    [WorkflowUpdate("approve")]
    public Task<string> ApproveAsync(string gate)
    {
        _controls.Approve(gate);
        _progress.Controls(_controls);
        return Task.FromResult(gate);
    }

    /// <summary>Refuses an approval when nothing or another gate waits, or when it names none.</summary>
    [WorkflowUpdateValidator(nameof(ApproveAsync))]
    public void ValidateApprove(string gate) => Forwarding.ThrowIfApprovalInvalid(gate, _controls.AwaitingApproval);

    /// <summary>An approval the parent operation validated (signal <c>approve-gate</c>): applied only to the gate waiting now.</summary>
    [WorkflowSignal(Forwarding.ApproveGateSignal)]
    public Task ApproveGateAsync(string gate)
    {
        if (!_controls.Approve(gate))
        {
            Workflow.Logger.LogWarning("Approval of {Gate} dropped: that gate is not waiting", gate);
        }

        _progress.Controls(_controls);
        return Task.CompletedTask;
    }

    private static Task ForwardAsync(string childId, OperatorCommand command) => Forwarding.ToChildAsync(childId, command);

    /// <summary>Status of the roll running now (signal <c>child-status</c>).</summary>
    [WorkflowSignal("child-status")]
    public async Task ChildStatusAsync(OperationProgress status)
    {
        _progress.FromChild(status);
        await _progress.FlushAsync();
    }

    /// <summary>Runs the migration.</summary>
    [WorkflowRun]
    public async Task<OperationResult> RunAsync(KRaftMigrationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _progress.AttachParent(input.ParentWorkflowId);
        var timing = input.Timing ?? new StepTiming();
        _timing = timing;
        await ClusterLeases.AcquireForHopAsync(input.ClusterId, timing);
        var summary = await DescribeAsync(input.ClusterId);
        var live = summary.Nodes.Where(n => n.IsBroker && n.State != NodeState.Decommissioned).ToList();
        var brokers = live.Select(n => n.Id).Order().ToList();
        var version = live.Select(n => n.Version).Min();
        var racks = live.Select(n => n.Rack).Distinct().Order(StringComparer.Ordinal).ToList();
        var controllers = summary.Nodes.Where(n => n.IsController && n.State != NodeState.Decommissioned).Select(n => n.Id).ToList();
        if (Workflow.Patched("migration-preconditions"))
        {
            // Checked before anything changes, whoever started the migration (a standalone start has no plan).
            ThrowIfNotMigratable(input.ClusterId, summary, live);
            _progress.Phase("Migration: pre-flight", "checking the cluster is healthy before the migration starts");
            if (!await Waits.ForAsync(new WaitRequest(input.ClusterId, WaitKind.Health, 0, 0), () => HealthAsync(input.ClusterId), _controls, _progress, timing))
            {
                return new OperationResult(OperationOutcome.Aborted, $"Aborted ({_controls.AbortReason}) before the migration started; nothing was changed.");
            }
        }

        if (controllers.Count == 0)
        {
            var first = Math.Max(3000, summary.Nodes.Max(n => n.Id) + 1);
            controllers = [first, first + 1, first + 2];
        }

        // A rerun after a run that died mid-migration continues from the phase the cluster is in: the quorum it
        // provisioned is kept, and brokers already past a phase are not rolled through it again.
        var resumed = summary.Mode.IsMigrating() && Workflow.Patched("migration-resumes") ? summary.Mode : (MetadataMode?)null;
        if (resumed is null)
        {
            // 1. Controllers with zookeeper.metadata.migration.enable=true and a static voter set.
            _progress.Phase("Migration 1/5: controller quorum", $"starting controllers {string.Join(",", controllers)} with migration enabled");
            await _progress.FlushAsync();
            var provision = new ProvisionNodesRequest(input.ClusterId, controllers
                .Select((id, i) => new NodeToProvision(id, new NodeConfig(version, NodeRoles.Controller, racks[i % racks.Count], ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: controllers)))
                .ToList());
            await Workflow.ExecuteActivityAsync((NodeActivities a) => a.ProvisionNodesAsync(provision), ActivityDefaults.Call(_timing, "provision the controller quorum"));
        }
        else
        {
            _progress.Phase("Migration: resuming", $"an earlier run left the migration at {resumed}; controllers {string.Join(",", controllers)} are kept");
            await _progress.FlushAsync();
        }

        if (!await WaitForModeAsync(input.ClusterId, _controls, timing, MetadataMode.MigrationQuorumProvisioned, MetadataMode.MigrationBrokersInMigrationMode, MetadataMode.MigrationDualWrite, MetadataMode.MigrationBrokersInKRaft, MetadataMode.KRaft))
        {
            return await RollBackAsync(input, controllers, brokers, timing, brokersInKRaft: resumed == MetadataMode.MigrationBrokersInKRaft);
        }

        // 2. Brokers into migration mode; the copy starts once every broker registered. Skipped once the copy is done:
        // from dual-write on, brokers may already run in KRaft mode, where the migration flag does not belong.
        if (resumed is not (MetadataMode.MigrationDualWrite or MetadataMode.MigrationBrokersInKRaft))
        {
            _progress.Phase("Migration 2/5: brokers into migration mode", "rolling brokers with zookeeper.metadata.migration.enable=true");
            if (!await RollAsync(input, "into-migration", brokers, new NodeChange(ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: controllers), timing))
            {
                return await RollBackAsync(input, controllers, brokers, timing, brokersInKRaft: resumed == MetadataMode.MigrationBrokersInKRaft);
            }
        }

        // 3. Metadata copied: dual-write.
        _progress.Phase("Migration 3/5: metadata copy", "waiting for \"Completed migration of metadata from Zookeeper to KRaft.\"");
        await _progress.FlushAsync();
        if (!await WaitForModeAsync(input.ClusterId, _controls, timing, MetadataMode.MigrationDualWrite, MetadataMode.MigrationBrokersInKRaft, MetadataMode.KRaft))
        {
            return await RollBackAsync(input, controllers, brokers, timing, brokersInKRaft: resumed == MetadataMode.MigrationBrokersInKRaft);
        }

        // 4. Brokers to KRaft (process.roles=broker).
        _progress.Phase("Migration 4/5: brokers to KRaft", "rolling brokers with process.roles=broker");
        if (!await RollAsync(input, "to-kraft", brokers, new NodeChange(ToKRaftBroker: true, ControllerQuorumVoters: controllers), timing))
        {
            return await RollBackAsync(input, controllers, brokers, timing, brokersInKRaft: true);
        }

        // 5. The point of no return, behind an approval.
        _progress.Phase("Migration 5/5: finalize", _controls.PreApproveAll ? $"{FinalizeStep} (pre-approved in the input)" : $"{FinalizeStep}: waiting for an operator's approval; rollback is still possible until then");
        var approval = _controls.WaitForApprovalAsync(FinalizeStep);
        _progress.Controls(_controls);
        await _progress.FlushAsync();
        if (!await approval)
        {
            return await RollBackAsync(input, controllers, brokers, timing, brokersInKRaft: true);
        }

        _progress.Controls(_controls);
        if (Workflow.Patched("finalize-rechecks"))
        {
            // The approval may have come long after step 4: the cluster is checked again now, before the point of no
            // return (an abort still rolls back here).
            _progress.Step($"{FinalizeStep}: approved; re-checking the migration state and the cluster's health");
            if (!await Waits.ForPatchedAsync(
                    new WaitRequest(input.ClusterId, WaitKind.ReadyToFinalize, 0, 0),
                    async () => await NotReadyToFinalizeAsync(input.ClusterId) is { } why ? Core.Safety.GateVerdict.Refuse(why, []) : Core.Safety.GateVerdict.Allow("done"),
                    _controls,
                    _progress,
                    timing)
                || !await Waits.ForAsync(new WaitRequest(input.ClusterId, WaitKind.Health, 0, 0), () => HealthAsync(input.ClusterId), _controls, _progress, timing))
            {
                return await RollBackAsync(input, controllers, brokers, timing, brokersInKRaft: true);
            }
        }

        if (Workflow.Patched("finalize-not-interruptible"))
        {
            // Past the point of no return: the roll and the wait for KRaft mode run with controls an abort (or a
            // cancel) cannot reach, so no controller is left unfinalized beside finalized ones.
            _finalizing = true;
            var finishing = new OperatorControls();
            await RollAsync(input, "finalize", controllers, new NodeChange(ZooKeeperMigrationEnabled: false), timing, finishing);
            await WaitForModeAsync(input.ClusterId, finishing, timing, MetadataMode.KRaft);
            _progress.Phase("Done", "the cluster runs in KRaft mode; ZooKeeper can be retired");
            await _progress.FlushAsync();
            var refused = _refusedAbort ?? (_controls.Cancelled ? OperatorControls.CancelledReason : null);
            var note = refused is null ? string.Empty : $" (an abort during finalization was refused: {refused}; the point of no return had passed)";
            return new OperationResult(OperationOutcome.Completed, $"Migrated to KRaft with controllers {string.Join(",", controllers)}{note}", brokers.Count + controllers.Count);
        }

        if (!await RollAsync(input, "finalize", controllers, new NodeChange(ZooKeeperMigrationEnabled: false), timing)
            || !await WaitForModeAsync(input.ClusterId, _controls, timing, MetadataMode.KRaft))
        {
            return new OperationResult(OperationOutcome.Aborted, $"Aborted while finalizing ({_controls.AbortReason}): the migration is partly finalized; finish it, ZooKeeper mode cannot be restored.");
        }

        _progress.Phase("Done", "the cluster runs in KRaft mode; ZooKeeper can be retired");
        await _progress.FlushAsync();
        return new OperationResult(OperationOutcome.Completed, $"Migrated to KRaft with controllers {string.Join(",", controllers)}", brokers.Count + controllers.Count);
    }

    private async Task<OperationResult> RollBackAsync(KRaftMigrationInput input, List<int> controllers, List<int> brokers, StepTiming timing, bool brokersInKRaft)
    {
        // Rolling back must finish even though the operator asked to abort: it runs with a fresh set of controls.
        var reason = _controls.AbortReason;
        _progress.Phase("Rolling back to ZooKeeper", $"abort requested: {reason}");
        await _progress.FlushAsync();
        var noAbort = new OperatorControls();
        _rollingBack = true;
        if (brokersInKRaft)
        {
            await RollAsync(input, "back-to-zookeeper", brokers, new NodeChange(ToZooKeeperBroker: true, ZooKeeperMigrationEnabled: true), timing, noAbort);
        }

        var quorum = new NodesRequest(input.ClusterId, controllers);
        await Workflow.ExecuteActivityAsync((NodeActivities a) => a.DeprovisionMigrationQuorumAsync(quorum), ActivityDefaults.Cleanup(_timing, "deprovision the controller quorum"));
        // The provisioner's answer (as ControllersGoneAsync asks it), waited for inside the waiting activity.
        await Waits.ForPatchedAsync(
            new WaitRequest(input.ClusterId, WaitKind.NodesGone, 0, 0, NodeIds: controllers, Subject: "controllers"),
            async () => await ControllersGoneAsync(input.ClusterId, controllers) is { } left ? Core.Safety.GateVerdict.Refuse(left, []) : Core.Safety.GateVerdict.Allow("done"),
            noAbort,
            _progress,
            timing);
        await Workflow.ExecuteActivityAsync((MetadataActivities a) => a.ResetZooKeeperControllerAsync(input.ClusterId), ActivityDefaults.Cleanup(_timing, "delete /controller and /migration"));
        await RollAsync(input, "migration-off", brokers, new NodeChange(ZooKeeperMigrationEnabled: false), timing, noAbort);
        _progress.Phase("Rolled back", "the cluster runs in ZooKeeper mode as before the migration");
        await _progress.FlushAsync();
        return new OperationResult(OperationOutcome.Aborted, $"Aborted ({reason}) and rolled back to ZooKeeper mode.", brokers.Count);
    }

    private async Task<bool> RollAsync(KRaftMigrationInput input, string name, IReadOnlyList<int> nodes, NodeChange change, StepTiming timing, OperatorControls? controls = null)
    {
        var id = $"{Workflow.Info.WorkflowId}/{name}";
        _progress.Child(id);
        var rolling = new RollingUpgradeInput(input.ClusterId, change, nodes, input.RestartBatchSize, timing, Workflow.Info.WorkflowId);
        // A roll with its own controls (the rollback, the finalization) must finish: detached from this workflow's cancel.
        var handle = await Workflow.StartChildWorkflowAsync((RollingUpgradeWorkflow wf) => wf.RunAsync(rolling), Detached.Child(id, $"roll {name}", detach: controls is not null));

        // Commands reach a roll only once it runs: one that came while it was starting is passed on now.
        _child = id;
        var own = controls ?? _controls;
        if (own.AbortRequested)
        {
            await ForwardAsync(id, new OperatorCommand(OperatorCommandKind.Abort, own.AbortReason));
        }
        else if (_controls.Paused)
        {
            await ForwardAsync(id, new OperatorCommand(OperatorCommandKind.Pause, _controls.PauseReason));
        }

        var result = await handle.GetResultAsync();
        _child = null;
        _progress.Child(null);
        return result.Outcome == OperationOutcome.Completed && !(controls ?? _controls).AbortRequested;
    }

    /// <summary>Waits until the metadata mode is one of <paramref name="modes"/> (the first named while waiting); false when aborted.</summary>
    private Task<bool> WaitForModeAsync(string clusterId, OperatorControls controls, StepTiming timing, params MetadataMode[] modes) =>
        Waits.ForAsync(
            new WaitRequest(clusterId, WaitKind.MetadataMode, 0, 0, Modes: modes),
            async () => await ModeReachedAsync(clusterId, modes) is { } reason ? Core.Safety.GateVerdict.Refuse(reason, []) : Core.Safety.GateVerdict.Allow("done"),
            controls,
            _progress,
            timing);

    /// <summary>Failure type: the cluster is not ready for the migration (mode, versions, protocol).</summary>
    public const string NotMigratable = "MigrationPreconditions";

    /// <summary>Kafka 3.9's documented preconditions: ZooKeeper mode, every broker on 3.9, inter.broker.protocol.version 3.9.</summary>
    private static void ThrowIfNotMigratable(string clusterId, ClusterSummary summary, IReadOnlyList<ClusterNode> brokers)
    {
        var problems = new List<string>();
        // A migration an earlier run left part done is resumed (patch "migration-resumes"); runs from before refused it.
        if (summary.Mode != MetadataMode.ZooKeeper && !(summary.Mode.IsMigrating() && Workflow.Patched("migration-resumes")))
        {
            problems.Add($"it runs in {summary.Mode} mode, not ZooKeeper mode");
        }

        var behind = brokers.Where(b => b.Version.Line != new KafkaVersion(3, 9)).Select(b => $"broker {b.Id} on {b.Version}").ToList();
        if (behind.Count > 0)
        {
            problems.Add($"every broker must run 3.9 first: {string.Join(", ", behind.Take(5))}{(behind.Count > 5 ? $" and {behind.Count - 5} more" : string.Empty)}");
        }

        var ibp = summary.Features.InterBrokerProtocolVersion;
        if (summary.Mode == MetadataMode.ZooKeeper && !(ibp ?? string.Empty).StartsWith("3.9", StringComparison.Ordinal))
        {
            problems.Add($"inter.broker.protocol.version must be 3.9, is {ibp ?? "unset"}");
        }

        if (problems.Count > 0)
        {
            throw new Temporalio.Exceptions.ApplicationFailureException($"Cluster {clusterId} cannot be migrated to KRaft: {string.Join("; ", problems)}. Nothing was changed.", NotMigratable, nonRetryable: true);
        }
    }

    /// <summary>Why finalizing now would be premature (null when ready): the controllers must report MIGRATION and no broker may be left in ZooKeeper mode.</summary>
    private async Task<string?> NotReadyToFinalizeAsync(string clusterId)
    {
        var status = await Workflow.ExecuteActivityAsync((MetadataActivities a) => a.DescribeMigrationAsync(clusterId), ActivityDefaults.Call(_timing, "describe the migration"));
        return Core.Safety.OperationMilestones.NotReadyToFinalize(status, (await DescribeAsync(clusterId)).Nodes);
    }

    private async Task<Core.Safety.GateVerdict> HealthAsync(string clusterId)
    {
        var summary = await DescribeAsync(clusterId);
        var request = new HealthCheckRequest(clusterId, summary.Nodes.Where(n => n.State != NodeState.Decommissioned).Select(n => n.Id).ToList());
        return await Workflow.ExecuteActivityAsync((ClusterActivities a) => a.CheckHealthAsync(request), ActivityDefaults.Call(_timing, "health gate"));
    }

    private async Task<string?> ModeReachedAsync(string clusterId, params MetadataMode[] modes)
    {
        var summary = await DescribeAsync(clusterId);
        return modes.Contains(summary.Mode) ? null : $"metadata mode is {summary.Mode}, waiting for {modes[0]}";
    }

    private async Task<string?> ControllersGoneAsync(string clusterId, IReadOnlyList<int> controllers)
    {
        // Once the quorum is down and before /controller is deleted, no controller at all is in charge: a real
        // cluster refuses what only a controller answers (ListPartitionReassignments: NOT_CONTROLLER), so the full
        // describe cannot succeed there. Whether the controllers are gone is the provisioner's to say.
        IEnumerable<int> left;
        if (Workflow.Patched("rollback-controllers-gone-by-provisioner"))
        {
            var nodes = await Workflow.ExecuteActivityAsync(
                (NodeActivities a) => a.DescribeNodesAsync(new NodesRequest(clusterId, controllers)), ActivityDefaults.Call(_timing, "describe the controllers"));
            left = nodes.Where(n => n.State != NodeState.Decommissioned).Select(n => n.NodeId);
        }
        else
        {
            var summary = await DescribeAsync(clusterId);
            left = summary.Nodes.Where(n => controllers.Contains(n.Id) && n.State != NodeState.Decommissioned).Select(n => n.Id);
        }

        var still = left.ToList();
        return still.Count == 0 ? null : $"controllers {string.Join(",", still)} still shutting down";
    }

    private Task<ClusterSummary> DescribeAsync(string clusterId) =>
        Workflow.ExecuteActivityAsync((ClusterActivities a) => a.DescribeClusterAsync(clusterId), ActivityDefaults.Call(_timing, "describe cluster"));
}
