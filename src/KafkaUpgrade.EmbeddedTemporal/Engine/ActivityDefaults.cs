using Google.Protobuf.WellKnownTypes;
using KafkaUpgrade.EmbeddedTemporal.Rpc;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.History.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>
/// Validates a ScheduleActivityTask command and fills in its timeouts and retry policy as Temporal's history service
/// does before writing ActivityTaskScheduled (command_checker.go validateActivityScheduleAttributes; retry defaults
/// from common/retrypolicy). Every timeout is present in the event, zero meaning unlimited, as SDKs expect.
/// </summary>
internal static class ActivityDefaults
{
    private static readonly TimeSpan DefaultInitialInterval = TimeSpan.FromSeconds(1);
    private const double DefaultBackoffCoefficient = 2;
    private const int DefaultMaximumIntervalCoefficient = 100;

    public static ActivityTaskScheduledEventAttributes Normalize(WorkflowRun run, ScheduleActivityTaskCommandAttributes a, long completedId)
    {
        if (string.IsNullOrEmpty(a.ActivityId))
        {
            throw RpcErrors.InvalidArgument("ActivityId is not set on command.");
        }

        if (string.IsNullOrEmpty(a.ActivityType?.Name))
        {
            throw RpcErrors.InvalidArgument("ActivityType is not set on command.");
        }

        var scheduleToClose = Clock.Span(a.ScheduleToCloseTimeout);
        var scheduleToStart = Clock.Span(a.ScheduleToStartTimeout);
        var startToClose = Clock.Span(a.StartToCloseTimeout);
        var heartbeat = Clock.Span(a.HeartbeatTimeout);
        if (scheduleToClose < TimeSpan.Zero || scheduleToStart < TimeSpan.Zero || startToClose < TimeSpan.Zero || heartbeat < TimeSpan.Zero)
        {
            throw RpcErrors.InvalidArgument("A valid timeout may not be negative.");
        }

        var runTimeout = run.RunDeadline is { } deadline ? deadline - run.StartTime : TimeSpan.Zero;
        if (scheduleToClose > TimeSpan.Zero)
        {
            scheduleToStart = scheduleToStart > TimeSpan.Zero ? Min(scheduleToStart, scheduleToClose) : scheduleToClose;
            startToClose = startToClose > TimeSpan.Zero ? Min(startToClose, scheduleToClose) : scheduleToClose;
        }
        else if (startToClose > TimeSpan.Zero)
        {
            // Unlimited schedule-to-close is bounded by the run timeout, itself possibly unlimited (zero).
            scheduleToClose = runTimeout;
            if (scheduleToStart <= TimeSpan.Zero)
            {
                scheduleToStart = runTimeout;
            }
        }
        else
        {
            throw RpcErrors.InvalidArgument($"A valid StartToClose or ScheduleToCloseTimeout is not set on ScheduleActivityTaskCommand (activity {a.ActivityId}).");
        }

        if (runTimeout > TimeSpan.Zero)
        {
            scheduleToClose = Min(scheduleToClose, runTimeout);
            scheduleToStart = Min(scheduleToStart, runTimeout);
            startToClose = Min(startToClose, runTimeout);
            heartbeat = Min(heartbeat, runTimeout);
        }

        heartbeat = Min(heartbeat, startToClose);
        return new ActivityTaskScheduledEventAttributes
        {
            ActivityId = a.ActivityId,
            ActivityType = a.ActivityType,
            TaskQueue = a.TaskQueue is null || string.IsNullOrEmpty(a.TaskQueue.Name)
                ? new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = run.TaskQueue, Kind = Temporalio.Api.Enums.V1.TaskQueueKind.Normal }
                : a.TaskQueue,
            Header = a.Header ?? new Header(),
            Input = a.Input,
            ScheduleToCloseTimeout = Duration.FromTimeSpan(scheduleToClose),
            ScheduleToStartTimeout = Duration.FromTimeSpan(scheduleToStart),
            StartToCloseTimeout = Duration.FromTimeSpan(startToClose),
            HeartbeatTimeout = Duration.FromTimeSpan(heartbeat),
            RetryPolicy = RetryPolicyWithDefaults(a.RetryPolicy),
            WorkflowTaskCompletedEventId = completedId,
            UseWorkflowBuildId = a.UseWorkflowBuildId,
        };
    }

    /// <summary>Temporal's retry policy defaults (1 s initial interval, coefficient 2, maximum 100 x initial, unlimited attempts), then its validation.</summary>
    public static RetryPolicy RetryPolicyWithDefaults(RetryPolicy? given)
    {
        var retry = given?.Clone() ?? new RetryPolicy();
        if (Clock.Span(retry.InitialInterval) < TimeSpan.Zero)
        {
            throw RpcErrors.InvalidArgument("InitialInterval cannot be negative on retry policy.");
        }

        if (Clock.Span(retry.InitialInterval) == TimeSpan.Zero)
        {
            retry.InitialInterval = Duration.FromTimeSpan(DefaultInitialInterval);
        }

        if (retry.BackoffCoefficient == 0)
        {
            retry.BackoffCoefficient = DefaultBackoffCoefficient;
        }
        else if (retry.BackoffCoefficient < 1)
        {
            throw RpcErrors.InvalidArgument("BackoffCoefficient cannot be less than 1 on retry policy.");
        }

        var maximum = Clock.Span(retry.MaximumInterval);
        if (maximum < TimeSpan.Zero)
        {
            throw RpcErrors.InvalidArgument("MaximumInterval cannot be negative on retry policy.");
        }

        if (maximum == TimeSpan.Zero)
        {
            retry.MaximumInterval = Duration.FromTimeSpan(retry.InitialInterval.ToTimeSpan() * DefaultMaximumIntervalCoefficient);
        }
        else if (maximum < retry.InitialInterval.ToTimeSpan())
        {
            throw RpcErrors.InvalidArgument("MaximumInterval cannot be less than InitialInterval on retry policy.");
        }

        if (retry.MaximumAttempts < 0)
        {
            throw RpcErrors.InvalidArgument("MaximumAttempts cannot be negative on retry policy.");
        }

        return retry;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
