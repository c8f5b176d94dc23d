using KafkaUpgrade.Workflows.Contracts;
using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows.Steering;

/// <summary>
/// A workflow's progress, kept honest: counts come from the cluster, the ETA from the rate observed since the
/// phase began (none until there is one), and the waiting reason from the gate that is holding it.
/// </summary>
public sealed class ProgressState
{
    private DateTime? _rateSince;
    private long _rateBytesAtStart;
    private string? _parentWorkflowId;
    private string? _lastReported;

    /// <summary>Reports status changes to <paramref name="parentWorkflowId"/> (a child workflow's parent), if any.</summary>
    public void AttachParent(string? parentWorkflowId) => _parentWorkflowId = parentWorkflowId;

    /// <summary>
    /// Tells the parent when something it shows changed: phase, step, a wait starting or ending, an approval. Not
    /// every new gate reason, so a long wait costs the parent no history.
    /// </summary>
    public async Task FlushAsync()
    {
        if (_parentWorkflowId is null)
        {
            return;
        }

        // The reason's wording without its numbers: a new kind of wait (a broker down, a stall) reaches the parent,
        // a count ticking down does not, so a long wait still costs the parent little history.
        var key = $"{Current.Phase}|{Current.Step}|{Shape(Current.WaitingFor)}|{Current.Paused}|{Current.AwaitingApproval}";
        if (key == _lastReported)
        {
            return;
        }

        _lastReported = key;
        try
        {
            await Workflow.GetExternalWorkflowHandle(_parentWorkflowId).SignalAsync("child-status", [Current], Support.Detached.Signal);
        }
        catch (Temporalio.Exceptions.FailureException)
        {
            // The parent is gone (terminated: its close policy asked this hop to cancel, and it is cleaning up).
            // Nobody is left to tell; the cleanup must not fail over it.
            _parentWorkflowId = null;
        }
    }

    /// <summary>Current progress.</summary>
    public OperationProgress Current { get; private set; } = OperationProgress.Starting;

    /// <summary>Enters a new phase.</summary>
    public void Phase(string phase, string step)
    {
        Current = Current with { Phase = phase, Step = step, WaitingFor = null };
        Publish();
    }

    /// <summary>Describes the step being worked on.</summary>
    public void Step(string step)
    {
        Current = Current with { Step = step, WaitingFor = null };
        Publish();
    }

    /// <summary>Says why the workflow waits now (null when it stopped waiting).</summary>
    public void Waiting(string? reason)
    {
        if (Current.WaitingFor == reason)
        {
            return;
        }

        Current = Current with { WaitingFor = reason };
        Publish();
    }

    /// <summary>Updates node counts.</summary>
    public void Nodes(int done, int total) => Current = Current with { NodesDone = done, NodesTotal = total };

    /// <summary>Updates data movement and the ETA derived from the observed rate.</summary>
    public void Data(int partitionsMoved, int partitionsTotal, long bytesMoved, long bytesTotal)
    {
        var now = Workflow.UtcNow;
        if (_rateSince is null || bytesMoved < _rateBytesAtStart)
        {
            _rateSince = now;
            _rateBytesAtStart = bytesMoved;
        }

        double? eta = null;
        var seconds = (now - _rateSince.Value).TotalSeconds;
        if (seconds > 0 && bytesMoved > _rateBytesAtStart)
        {
            var rate = (bytesMoved - _rateBytesAtStart) / seconds;
            eta = Math.Max(0, bytesTotal - bytesMoved) / rate;
        }

        Current = Current with
        {
            PartitionsMoved = partitionsMoved,
            PartitionsTotal = partitionsTotal,
            BytesMoved = bytesMoved,
            BytesTotal = bytesTotal,
            EstimatedSecondsLeft = eta,
        };
    }

    /// <summary>Copies the operator-visible control state into progress.</summary>
    public void Controls(OperatorControls controls)
    {
        ArgumentNullException.ThrowIfNull(controls);
        Current = Current with
        {
            Paused = controls.Paused,
            AwaitingApproval = controls.AwaitingApproval,
            WaitingFor = controls.Paused ? $"paused: {controls.PauseReason}"
                : controls.AwaitingApproval is { } step ? $"waiting for approval of {step}"
                : IsControlWait(Current.WaitingFor) ? null
                : Current.WaitingFor,
        };
        Publish();
    }

    /// <summary>Records the child workflow doing the current hop.</summary>
    public void Child(string? workflowId) => Current = Current with { CurrentChildWorkflowId = workflowId };

    /// <summary>Merges a child's progress (its counts and waits) into this one, keeping this phase.</summary>
    public void FromChild(OperationProgress child)
    {
        ArgumentNullException.ThrowIfNull(child);
        Current = child with { Phase = Current.Phase, CurrentChildWorkflowId = Current.CurrentChildWorkflowId, Step = $"{child.Phase}: {child.Step}" };
        Publish();
    }

    /// <summary>
    /// True for a wait that only a control caused (a pause, an approval): once resumed or approved it is over, and
    /// showing it until the next gate check would tell the operator it still waits on them.
    /// </summary>
    private static bool IsControlWait(string? waitingFor) =>
        waitingFor is not null && (waitingFor.StartsWith("paused: ", StringComparison.Ordinal) || waitingFor.StartsWith("waiting for approval of ", StringComparison.Ordinal));

    private static string Shape(string? reason) => reason is null ? "-" : new string(reason.Where(c => !char.IsAsciiDigit(c)).ToArray());

    /// <summary>Shows the state in the Temporal UI (workflow details).</summary>
    private void Publish()
    {
        var waiting = Current.WaitingFor is { } w ? $" | waiting: {w}" : string.Empty;
        Workflow.CurrentDetails = $"**{Current.Phase}**: {Current.Step}{waiting}";
    }
}
