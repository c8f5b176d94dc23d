using KafkaUpgrade.Workflows.Contracts;
using Temporalio.Common;
using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows.Support;

/// <summary>
/// Activity options every workflow uses. Activities are short calls, so start-to-close is short; transient
/// failures (no controller right now) retry with backoff without limit, refusals fail at once (non-retryable).
/// </summary>
public static class ActivityDefaults
{
    private static readonly RetryPolicy Retry = new()
    {
        InitialInterval = TimeSpan.FromSeconds(1),
        BackoffCoefficient = 2,
        MaximumInterval = TimeSpan.FromSeconds(30),
        MaximumAttempts = 0,
    };

    /// <summary>Options for ordinary activity calls; <paramref name="timing"/> sets the start-to-close timeout (default 2 minutes).</summary>
    public static ActivityOptions Call(StepTiming? timing, string summary) => new()
    {
        StartToCloseTimeout = timing?.ActivityTimeout ?? TimeSpan.FromMinutes(2),
        RetryPolicy = Retry,
        Summary = summary,

        // Never cancelled by a Temporal cancel of the workflow: the workflow turns that into an abort and its
        // abort path needs its activities (see Detached).
        CancellationToken = Detached.Token,
    };

    /// <summary>
    /// Options for an operation's first call: a few attempts only, so a cluster no worker serves (a misspelt id)
    /// fails the operation within seconds, naming it, instead of waiting for ever.
    /// </summary>
    public static ActivityOptions Probe(StepTiming? timing, string summary)
    {
        var options = Call(timing, summary);
        options.RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromSeconds(5), MaximumAttempts = 4 };
        return options;
    }

    /// <summary>
    /// Options for a wait done inside one heartbeating activity call (<see cref="Activities.WaitActivities"/>): it
    /// may run up to the longest wait per call, heartbeats every poll (a dead worker is noticed within three polls
    /// or 30 s), and is cancelled, through <paramref name="cancellation"/>, when an operator pauses or aborts.
    /// </summary>
    public static ActivityOptions Waiting(StepTiming timing, string summary, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(timing);
        var options = Call(timing, summary);
        options.StartToCloseTimeout = TimeSpan.FromMilliseconds(timing.MaxWaitPerCallMs) + timing.ActivityTimeout;
        options.HeartbeatTimeout = TimeSpan.FromMilliseconds(Math.Max(3L * timing.PollIntervalMs, 30_000));
        options.CancellationToken = cancellation;
        options.CancellationType = ActivityCancellationType.TryCancel;
        return options;
    }

    /// <summary>Options for cleanup that must run even when the workflow is being cancelled (e.g. clearing throttles).</summary>
    public static ActivityOptions Cleanup(StepTiming? timing, string summary) => Call(timing, summary);
}
