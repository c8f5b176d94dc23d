using KafkaUpgrade.Workflows.Contracts;
using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows.Steering;

/// <summary>
/// The operator's levers inside one workflow run: pause, resume, abort, approvals and live settings. Deterministic
/// state only; waits are Temporal conditions, so a paused upgrade costs nothing and survives worker restarts.
/// </summary>
public sealed class OperatorControls
{
    private readonly HashSet<string> _approved = new(StringComparer.Ordinal);

    /// <summary>Restores controls carried over a continue-as-new, or starts fresh.</summary>
    public OperatorControls(OperatorControlsState? state = null, bool preApproveAll = false)
    {
        PreApproveAll = preApproveAll;
        if (state is null)
        {
            return;
        }

        Paused = state.Paused;
        PauseReason = state.PauseReason;
        AbortReason = state.AbortReason;
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

    /// <summary>Why it is being aborted, or null.</summary>
    public string? AbortReason { get; private set; }

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
                AbortReason = command.Reason ?? "aborted by an operator";
                break;
            case OperatorCommandKind.Approve:
                _approved.Add(command.Step ?? AwaitingApproval ?? string.Empty);
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

    /// <summary>Why a command cannot be applied now (an update validator's answer), or null.</summary>
    public string? Validate(OperatorCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.Kind switch
        {
            OperatorCommandKind.Approve when AwaitingApproval is null => "Nothing is waiting for approval right now.",
            OperatorCommandKind.Approve when command.Step is not null && command.Step != AwaitingApproval =>
                $"The step waiting for approval is '{AwaitingApproval}', not '{command.Step}'.",
            OperatorCommandKind.SetThrottle when command.Value is not > 0 => "The throttle must be a positive number of bytes per second.",
            OperatorCommandKind.SetBatchSize when command.Value is not > 0 => "The batch size must be at least 1.",
            _ => null,
        };
    }

    /// <summary>Waits while paused (returns at once when not); an abort also ends the wait.</summary>
    public Task WaitWhilePausedAsync() => Workflow.WaitConditionAsync(() => !Paused || AbortRequested);

    /// <summary>Waits for the operator to approve <paramref name="step"/>; false when aborted instead.</summary>
    public async Task<bool> WaitForApprovalAsync(string step)
    {
        if (PreApproveAll || _approved.Contains(step))
        {
            return !AbortRequested;
        }

        AwaitingApproval = step;
        await Workflow.WaitConditionAsync(() => _approved.Contains(step) || _approved.Contains(string.Empty) || AbortRequested);
        _approved.Remove(string.Empty);
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
