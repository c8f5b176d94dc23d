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
