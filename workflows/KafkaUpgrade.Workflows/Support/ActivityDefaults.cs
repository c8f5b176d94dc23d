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

    /// <summary>Options for cleanup that must run even when the workflow is being cancelled (e.g. clearing throttles).</summary>
    public static ActivityOptions Cleanup(StepTiming? timing, string summary) => Call(timing, summary);
}
