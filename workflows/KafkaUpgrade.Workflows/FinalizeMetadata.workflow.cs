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
        _controls = new OperatorControls(preApproveAll: input.PreApproved);
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

    /// <summary>Waits for approval, then finalizes.</summary>
    [WorkflowRun]
    public async Task<OperationResult> RunAsync(FinalizeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _timing = input.Timing;
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
        var request = new FinalizeRequest(input.ClusterId, input.Level);
        await Workflow.ExecuteActivityAsync((MetadataActivities a) => a.FinalizeMetadataVersionAsync(request), ActivityDefaults.Call(_timing, step));
        _progress.Phase("Done", $"metadata.version finalized at level {input.Level}");
        await _progress.FlushAsync();
        return new OperationResult(OperationOutcome.Completed, $"metadata.version finalized at level {input.Level}");
    }
}
