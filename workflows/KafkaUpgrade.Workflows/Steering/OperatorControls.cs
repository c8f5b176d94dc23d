using KafkaUpgrade.Workflows.Contracts;
using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows.Steering;

/// <summary>
/// The operator's levers inside one workflow run: pause, resume, abort, approvals and live settings. Deterministic
/// state only; waits are Temporal conditions, so a paused upgrade costs nothing and survives worker restarts.
/// </summary>
/// <remarks>
/// A Temporal cancellation (the UI's Cancel button, <c>temporal workflow cancel</c>, a parent closing with
/// <c>ParentClosePolicy.RequestCancel</c>) is an abort when <c>followsCancellation</c> is set: the workflow's
/// commands never take Workflow.CancellationToken (activities, timers, children and signals run detached, see
/// <see cref="Support.Detached"/>), so a cancel cannot cut a cleanup short; it only makes
/// <see cref="AbortRequested"/> true, and the workflow leaves by its abort path (rollback, moves cancelled,
/// throttles cleared) as if an operator had aborted.
/// </remarks>
public sealed class OperatorControls
{
    /// <summary>The abort reason of a Temporal cancellation.</summary>
    public const string CancelledReason = "cancelled through Temporal (treated as abort)";

    private readonly HashSet<string> _approved = new(StringComparer.Ordinal);
    private readonly bool _followsCancellation;
    private string? _abortReason;

    /// <summary>Restores controls carried over a continue-as-new, or starts fresh.</summary>
    /// <param name="state">Controls carried over a continue-as-new.</param>
    /// <param name="preApproveAll">Every gate is approved in advance.</param>
    /// <param name="followsCancellation">A Temporal cancellation of the workflow counts as an abort (the workflow's own controls; not the fresh controls a rollback runs with).</param>
    public OperatorControls(OperatorControlsState? state = null, bool preApproveAll = false, bool followsCancellation = false)
    {
        PreApproveAll = preApproveAll;
        _followsCancellation = followsCancellation;
        if (state is null)
        {
            return;
        }

        Paused = state.Paused;
        PauseReason = state.PauseReason;
        _abortReason = state.AbortReason;
        ThrottleBytesPerSecond = state.ThrottleBytesPerSecond;
        BatchSize = state.BatchSize;
        foreach (var step in state.Approved)
        {
            _approved.Add(step);
        }
    }

    /// <summary>True while paused.</summary>
    public bool Paused { get; private set; }

    /// <summary>Why it was paused.</summary>
    public string? PauseReason { get; private set; }

    /// <summary>Why it is being aborted (an operator's reason, or a Temporal cancellation), or null.</summary>
    public string? AbortReason => _abortReason ?? (Cancelled ? CancelledReason : null);

    /// <summary>True once Temporal asked to cancel the workflow (and these controls follow cancellation).</summary>
    public bool Cancelled => _followsCancellation && Workflow.InWorkflow && Workflow.CancellationToken.IsCancellationRequested;

    /// <summary>True once an abort was asked for.</summary>
    public bool AbortRequested => AbortReason is not null;

    /// <summary>Approvals were given in the input (e.g. the demo): every gate passes and says so.</summary>
    public bool PreApproveAll { get; }

    /// <summary>The step waiting for approval now, or null.</summary>
    public string? AwaitingApproval { get; private set; }

    /// <summary>Throttle set by the operator, overriding the input's.</summary>
    public long? ThrottleBytesPerSecond { get; private set; }

    /// <summary>Batch size set by the operator, overriding the input's.</summary>
    public int? BatchSize { get; private set; }

    /// <summary>Raised (deterministically, inside the workflow) when a setting changed that running work should pick up.</summary>
    public int SettingsVersion { get; private set; }

    /// <summary>Applies one command.</summary>
    public void Apply(OperatorCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        switch (command.Kind)
        {
            case OperatorCommandKind.Pause:
                Paused = true;
                PauseReason = command.Reason ?? "paused by an operator";
                break;
            case OperatorCommandKind.Resume:
                Paused = false;
                PauseReason = null;
                break;
            case OperatorCommandKind.Abort:
                _abortReason = command.Reason ?? "aborted by an operator";
                break;
            case OperatorCommandKind.Approve:
                // Approvals arrive only through Approve(gate), from the validated update (or a parent that validated
                // it): a command on the control signal never approves anything.
                break;
            case OperatorCommandKind.SetThrottle when command.Value is > 0:
                ThrottleBytesPerSecond = command.Value;
                SettingsVersion++;
                break;
            case OperatorCommandKind.SetBatchSize when command.Value is > 0:
                BatchSize = (int)command.Value.Value;
                SettingsVersion++;
                break;
        }
    }

    /// <summary>
    /// Approves <paramref name="gate"/> if, and only if, it is the gate waiting now; returns whether it was. An
    /// approval for a gate not (or no longer) waiting is dropped, never kept for a later gate.
    /// </summary>
    public bool Approve(string? gate)
    {
        if (gate is null || AwaitingApproval is null || !string.Equals(gate, AwaitingApproval, StringComparison.Ordinal))
        {
            return false;
        }

        _approved.Add(gate);
        return true;
    }

    /// <summary>Why an approval of <paramref name="gate"/> is refused now (an update validator's answer), or null.</summary>
    public static string? ValidateApproval(string? gate, string? waiting) => (gate, waiting) switch
    {
        (_, null) => "Nothing is waiting for approval right now.",
        (null or "", _) => $"Name the gate you approve: '{waiting}' is waiting (see progress or status).",
        _ when !string.Equals(gate, waiting, StringComparison.Ordinal) => $"The step waiting for approval is '{waiting}', not '{gate}'.",
        _ => null,
    };

    /// <summary>Why a command cannot be applied now (an update validator's answer), or null.</summary>
    public string? Validate(OperatorCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.Kind switch
        {
            OperatorCommandKind.Approve => ValidateApproval(command.Step, AwaitingApproval),
            OperatorCommandKind.SetThrottle when command.Value is not > 0 => "The throttle must be a positive number of bytes per second.",
            OperatorCommandKind.SetBatchSize when command.Value is not > 0 => "The batch size must be at least 1.",
            _ => null,
        };
    }

    /// <summary>Waits while paused (returns at once when not); an abort also ends the wait.</summary>
    public Task WaitWhilePausedAsync() => Workflow.WaitConditionAsync(() => !Paused || AbortRequested, Support.Detached.Token);

    /// <summary>Waits for the operator to approve <paramref name="step"/>; false when aborted instead.</summary>
    public async Task<bool> WaitForApprovalAsync(string step)
    {
        if (PreApproveAll || _approved.Contains(step))
        {
            return !AbortRequested;
        }

        AwaitingApproval = step;
        await Workflow.WaitConditionAsync(() => _approved.Contains(step) || AbortRequested, Support.Detached.Token);
        _approved.Add(step);
        AwaitingApproval = null;
        return !AbortRequested;
    }

    /// <summary>State to carry over a continue-as-new.</summary>
    public OperatorControlsState Snapshot() => new(Paused, PauseReason, AbortReason, ThrottleBytesPerSecond, BatchSize, [.. _approved.Order(StringComparer.Ordinal)]);
}

/// <summary>Operator controls carried over a continue-as-new.</summary>
/// <param name="Paused">Paused.</param>
/// <param name="PauseReason">Why paused.</param>
/// <param name="AbortReason">Why aborting.</param>
/// <param name="ThrottleBytesPerSecond">Throttle override.</param>
/// <param name="BatchSize">Batch size override.</param>
/// <param name="Approved">Steps already approved.</param>
public sealed record OperatorControlsState(bool Paused, string? PauseReason, string? AbortReason, long? ThrottleBytesPerSecond, int? BatchSize, IReadOnlyList<string> Approved);
