using KafkaUpgrade.Activities;
using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Steering;
using KafkaUpgrade.Workflows.Support;
using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows;

/// <summary>
/// Finalizes <c>metadata.version</c> (KRaft) once every node runs the new software: the rollback boundary, so
/// it waits for an operator's approval unless the input pre-approves it.
/// </summary>
[Workflow("FinalizeMetadata")]
public sealed class FinalizeMetadataWorkflow
{
    /// <summary>Timing of this run (activity timeouts); set when the run starts, before any activity.</summary>
    private StepTiming? _timing;

    private readonly OperatorControls _controls;
    private readonly ProgressState _progress = new();

    /// <summary>Sets up controls (with the input's pre-approval) before any signal is handled.</summary>
    [WorkflowInit]
    public FinalizeMetadataWorkflow(FinalizeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _controls = new OperatorControls(preApproveAll: input.PreApproved, followsCancellation: true);
    }

    /// <summary>Progress for operators (query <c>progress</c>).</summary>
    [WorkflowQuery("progress")]
    public OperationProgress Progress => _progress.Current;

    /// <summary>Operator command (signal <c>control</c>).</summary>
    [WorkflowSignal("control")]
    public async Task ControlAsync(OperatorCommand command)
    {
        _controls.Apply(command);
        _progress.Controls(_controls);
        await _progress.FlushAsync();
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
        _controls.Approve(gate);
        _progress.Controls(_controls);
        return Task.CompletedTask;
    }

    /// <summary>Waits for approval, re-checks the cluster's health, then finalizes (the activity validates first).</summary>
    [WorkflowRun]
    public async Task<OperationResult> RunAsync(FinalizeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _timing = input.Timing;
        await ClusterLeases.AcquireForHopAsync(input.ClusterId, input.Timing);
        _progress.AttachParent(input.ParentWorkflowId);
        var step = $"finalize metadata.version level {input.Level}";
        _progress.Phase("Finalize", _controls.PreApproveAll ? $"{step} (pre-approved in the input)" : $"{step}: waiting for an operator's approval");
        _progress.Controls(_controls);
        await _progress.FlushAsync();
        var approval = _controls.WaitForApprovalAsync(step);
        _progress.Controls(_controls);
        await _progress.FlushAsync();
        if (!await approval)
        {
            return new OperationResult(OperationOutcome.Aborted, $"Aborted before finalizing ({_controls.AbortReason}); metadata.version unchanged, so the software can still be rolled back.");
        }

        _progress.Controls(_controls);
        if (Workflow.Patched("finalize-health-after-approval"))
        {
            // The approval may have come hours after the last check: the cluster is checked again now, right before
            // the point of no return (an abort or cancel still stops it here; the activity then validates first).
            _progress.Step($"{step}: approved; checking the cluster's health first");
            if (!await Waits.ForAsync(new WaitRequest(input.ClusterId, WaitKind.Health, 0, 0), () => HealthAsync(input.ClusterId), _controls, _progress, input.Timing ?? new StepTiming()))
            {
                return new OperationResult(OperationOutcome.Aborted, $"Aborted before finalizing ({_controls.AbortReason}); metadata.version unchanged, so the software can still be rolled back.");
            }
        }

        var request = new FinalizeRequest(input.ClusterId, input.Level);
        await Workflow.ExecuteActivityAsync((MetadataActivities a) => a.FinalizeMetadataVersionAsync(request), ActivityDefaults.Call(_timing, step));
        _progress.Phase("Done", $"metadata.version finalized at level {input.Level}");
        await _progress.FlushAsync();
        return new OperationResult(OperationOutcome.Completed, $"metadata.version finalized at level {input.Level}");
    }

    private async Task<Core.Safety.GateVerdict> HealthAsync(string clusterId)
    {
        var summary = await Workflow.ExecuteActivityAsync((ClusterActivities a) => a.DescribeClusterAsync(clusterId), ActivityDefaults.Call(_timing, "describe cluster"));
        var request = new HealthCheckRequest(clusterId, summary.Nodes.Where(n => n.State != Core.Model.NodeState.Decommissioned).Select(n => n.Id).ToList());
        return await Workflow.ExecuteActivityAsync((ClusterActivities a) => a.CheckHealthAsync(request), ActivityDefaults.Call(_timing, "health gate"));
    }
}
