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
