using KafkaUpgrade.Activities;
using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Core.Safety;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Steering;
using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows.Support;

/// <summary>
/// The one way workflows wait for the cluster: check, and if not yet, say why (progress, Temporal UI) and check
/// again after a durable timer. A gate is never skipped and never given up on after some count: only an operator's
/// abort ends the wait. A pause holds the loop between checks.
/// </summary>
public static class Waits
{
    /// <summary>Waits until <paramref name="check"/> allows; false when aborted instead.</summary>
    public static async Task<bool> UntilAllowedAsync(Func<Task<GateVerdict>> check, OperatorControls controls, ProgressState progress, StepTiming timing)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(controls);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(timing);
        while (true)
        {
            if (!await HoldWhilePausedAsync(controls, progress))
            {
                return false;
            }

            var verdict = await check();
            if (verdict.Allowed)
            {
                progress.Waiting(null);
                await progress.FlushAsync();
                return true;
            }

            progress.Waiting(verdict.Reason);
            await progress.FlushAsync();
            await Workflow.WaitConditionAsync(() => controls.AbortRequested || controls.Paused, timing.PollInterval, Detached.Token);
        }
    }

    /// <summary>Waits until <paramref name="check"/> returns null (done) rather than a reason to wait; false when aborted.</summary>
    public static Task<bool> UntilAsync(Func<Task<string?>> check, OperatorControls controls, ProgressState progress, StepTiming timing) =>
        UntilAllowedAsync(
            async () => await check() is { } reason ? GateVerdict.Refuse(reason, []) : GateVerdict.Allow("done"),
            controls,
            progress,
            timing);

    /// <summary>
    /// Waits until the condition <paramref name="request"/> names holds, the waiting done inside heartbeating
    /// activity calls (<see cref="WaitActivities"/>) of up to <see cref="StepTiming.MaxWaitPerCallMs"/> each, so a
    /// wait of any length costs a bounded history: about six events per call, one call per hour or per change of
    /// reason, instead of a timer and two activities per poll. A pause or abort cancels the call at once (it is
    /// raced against the controls), even while the cluster cannot be reached. False when aborted. Runs before the
    /// "waits-in-activity" patch wait the old way, with <paramref name="legacy"/>, so their histories replay.
    /// </summary>
    public static async Task<bool> ForAsync(WaitRequest request, Func<Task<GateVerdict>> legacy, OperatorControls controls, ProgressState progress, StepTiming timing)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(controls);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(timing);
        if (!Workflow.Patched("waits-in-activity"))
        {
            return await UntilAllowedAsync(legacy, controls, progress, timing);
        }

        string? shown = null;
        while (true)
        {
            if (!await HoldWhilePausedAsync(controls, progress))
            {
                return false;
            }

            // Not linked to Workflow.CancellationToken: only a pause or an abort (a cancel counts as one) ends the call early.
            using var call = new CancellationTokenSource();
            var next = request with { PollIntervalMs = timing.PollIntervalMs, MaxWaitMs = timing.MaxWaitPerCallMs, LastReason = shown };
            var wait = Workflow.ExecuteActivityAsync((WaitActivities a) => a.AwaitAsync(next), ActivityDefaults.Waiting(timing, Summary(request), call.Token));
            var interrupted = Workflow.WaitConditionAsync(() => controls.AbortRequested || controls.Paused, call.Token);
            if (await Workflow.WhenAnyAsync(wait, interrupted) != wait)
            {
                call.Cancel();
                await Settle(wait);
                continue;
            }

            call.Cancel();
            await Settle(interrupted);
            var verdict = await wait;
            if (verdict.Allowed)
            {
                progress.Waiting(null);
                await progress.FlushAsync();
                return true;
            }

            shown = verdict.Reason;
            progress.Waiting(verdict.Reason);
            await progress.FlushAsync();
        }
    }

    /// <summary>
    /// Waits for the condition <paramref name="request"/> names inside the waiting activity (<see cref="ForAsync"/>),
    /// then performs <paramref name="act"/>, which re-checks its own gate: refused again (the cluster changed in
    /// between), it waits again. So a gate held for a month costs what <see cref="ForAsync"/> costs, not a timer
    /// and an action per poll. Runs before the "waits-in-activity-2" patch (and in runs that began before
    /// "waits-in-activity") retry <paramref name="act"/> per poll as they did, so their histories replay.
    /// False when aborted.
    /// </summary>
    public static async Task<bool> ThenAsync(WaitRequest request, Func<Task<GateVerdict>> act, OperatorControls controls, ProgressState progress, StepTiming timing)
    {
        ArgumentNullException.ThrowIfNull(act);
        if (!Workflow.Patched(SecondPatch) || !Workflow.Patched("waits-in-activity"))
        {
            return await UntilAllowedAsync(act, controls, progress, timing);
        }

        while (true)
        {
            // The legacy check is never used: the patch above already holds, so ForAsync waits in the activity.
            if (!await ForAsync(request, act, controls, progress, timing))
            {
                return false;
            }

            var verdict = await act();
            if (verdict.Allowed)
            {
                return true;
            }

            progress.Waiting(verdict.Reason);
            await progress.FlushAsync();
        }
    }

    /// <summary>
    /// Waits for <paramref name="request"/> in the waiting activity behind the <see cref="SecondPatch"/> patch, else
    /// (runs recorded before it) with <paramref name="legacy"/> polled under a workflow timer as they did.
    /// </summary>
    public static async Task<bool> ForPatchedAsync(WaitRequest request, Func<Task<GateVerdict>> legacy, OperatorControls controls, ProgressState progress, StepTiming timing) =>
        Workflow.Patched(SecondPatch)
            ? await ForAsync(request, legacy, controls, progress, timing)
            : await UntilAllowedAsync(legacy, controls, progress, timing);

    /// <summary>
    /// The patch behind which every further wait moved into the waiting activity (retirement, restarts, controller
    /// replacement, migration, final validation): checked once per wait, one marker per run.
    /// </summary>
    public const string SecondPatch = "waits-in-activity-2";

    /// <summary>Lets a raced task that lost finish (cancelled) without its cancellation surfacing.</summary>
    private static async Task Settle(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or Temporalio.Exceptions.ActivityFailureException or Temporalio.Exceptions.CanceledFailureException)
        {
            // The loser of the race: cancelled on purpose.
        }
    }

    private static string Summary(WaitRequest request) => request.Kind switch
    {
        WaitKind.Health => "wait for the health gate",
        WaitKind.NodesRunning => $"wait for nodes {string.Join(",", request.NodeIds ?? [])} to run",
        WaitKind.RestartAllowed => $"wait for the stop gate of nodes {string.Join(",", request.NodeIds ?? [])}",
        WaitKind.Retirable => $"wait for nodes {string.Join(",", request.NodeIds ?? [])} to be empty",
        WaitKind.NodesGone => $"wait for nodes {string.Join(",", request.NodeIds ?? [])} to be gone",
        WaitKind.CaughtUpObserver => $"wait for observer {string.Join(",", request.NodeIds ?? [])} to catch up",
        WaitKind.HealthyVoter => $"wait for voter {string.Join(",", request.NodeIds ?? [])} to catch up",
        WaitKind.VoterRemovable => $"wait for the controller stop gate of {string.Join(",", request.NodeIds ?? [])}",
        WaitKind.ReadyToFinalize => "wait until the migration may be finalized",
        WaitKind.AsPlanned => $"wait for the cluster to run {request.TargetVersion} as planned",
        WaitKind.VoterRemoved => $"wait for the removal of voter {string.Join(",", request.NodeIds ?? [])} to commit",
        _ => $"wait for metadata mode {string.Join("/", request.Modes ?? [])}",
    };

    /// <summary>Holds while paused, showing it; false when aborted.</summary>
    public static async Task<bool> HoldWhilePausedAsync(OperatorControls controls, ProgressState progress)
    {
        ArgumentNullException.ThrowIfNull(controls);
        ArgumentNullException.ThrowIfNull(progress);
        if (controls.Paused)
        {
            progress.Controls(controls);
            await controls.WaitWhilePausedAsync();
            progress.Controls(controls);
        }

        return !controls.AbortRequested;
    }
}
