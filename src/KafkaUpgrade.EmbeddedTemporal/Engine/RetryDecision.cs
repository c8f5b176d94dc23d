using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>Whether a failed activity attempt is retried, and after how long.</summary>
internal sealed record RetryDecision(RetryState State, TimeSpan Delay)
{
    public static RetryDecision Decide(PendingActivity activity, Failure failure, TimeoutType? timeout, DateTime now)
    {
        var policy = activity.Attributes.RetryPolicy;
        if (timeout is TimeoutType.ScheduleToClose or TimeoutType.ScheduleToStart)
        {
            return new RetryDecision(RetryState.Timeout, TimeSpan.Zero);
        }

        var app = failure.ApplicationFailureInfo;
        if (app is not null && (app.NonRetryable || policy.NonRetryableErrorTypes.Contains(app.Type)))
        {
            return new RetryDecision(RetryState.NonRetryableFailure, TimeSpan.Zero);
        }

        if (policy.MaximumAttempts > 0 && activity.Attempt >= policy.MaximumAttempts)
        {
            return new RetryDecision(RetryState.MaximumAttemptsReached, TimeSpan.Zero);
        }

        var delay = app?.NextRetryDelay is { } next && next.ToTimeSpan() > TimeSpan.Zero
            ? next.ToTimeSpan()
            : Backoff(policy, activity.Attempt);
        var scheduleToClose = Clock.Span(activity.Attributes.ScheduleToCloseTimeout);
        if (scheduleToClose > TimeSpan.Zero && now + delay >= activity.ScheduledTime + scheduleToClose)
        {
            return new RetryDecision(RetryState.Timeout, TimeSpan.Zero);
        }

        return new RetryDecision(RetryState.InProgress, delay);
    }

    private static TimeSpan Backoff(Temporalio.Api.Common.V1.RetryPolicy policy, int attempt)
    {
        var initial = policy.InitialInterval.ToTimeSpan();
        var max = policy.MaximumInterval.ToTimeSpan();
        var seconds = initial.TotalSeconds * Math.Pow(policy.BackoffCoefficient, attempt - 1);
        return seconds >= max.TotalSeconds ? max : TimeSpan.FromSeconds(seconds);
    }
}
