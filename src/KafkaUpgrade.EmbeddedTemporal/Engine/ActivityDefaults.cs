using Google.Protobuf.WellKnownTypes;
using KafkaUpgrade.EmbeddedTemporal.Rpc;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.History.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>Fills an activity's timeouts and retry policy the way Temporal documents its defaults.</summary>
internal static class ActivityDefaults
{
    public static ActivityTaskScheduledEventAttributes Normalize(WorkflowRun run, ScheduleActivityTaskCommandAttributes a, long completedId)
    {
        var scheduleToClose = Clock.Span(a.ScheduleToCloseTimeout);
        var startToClose = Clock.Span(a.StartToCloseTimeout);
        if (scheduleToClose <= TimeSpan.Zero && startToClose <= TimeSpan.Zero)
        {
            throw RpcErrors.InvalidArgument($"A valid StartToClose or ScheduleToCloseTimeout is not set on ScheduleActivityTaskCommand (activity {a.ActivityId}).");
        }

        if (startToClose <= TimeSpan.Zero)
        {
            startToClose = scheduleToClose;
        }

        var scheduleToStart = Clock.Span(a.ScheduleToStartTimeout);
        var retry = a.RetryPolicy?.Clone() ?? new RetryPolicy();
        if (retry.InitialInterval is null || retry.InitialInterval.ToTimeSpan() <= TimeSpan.Zero)
        {
            retry.InitialInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(1));
        }

        if (retry.BackoffCoefficient < 1)
        {
            retry.BackoffCoefficient = 2;
        }

        if (retry.MaximumInterval is null || retry.MaximumInterval.ToTimeSpan() <= TimeSpan.Zero)
        {
            retry.MaximumInterval = Duration.FromTimeSpan(retry.InitialInterval.ToTimeSpan() * 100);
        }

        return new ActivityTaskScheduledEventAttributes
        {
            ActivityId = a.ActivityId,
            ActivityType = a.ActivityType,
            TaskQueue = a.TaskQueue is null || string.IsNullOrEmpty(a.TaskQueue.Name)
                ? new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = run.TaskQueue }
                : a.TaskQueue,
            Header = a.Header,
            Input = a.Input,
            ScheduleToCloseTimeout = scheduleToClose > TimeSpan.Zero ? Duration.FromTimeSpan(scheduleToClose) : null,
            ScheduleToStartTimeout = scheduleToStart > TimeSpan.Zero ? Duration.FromTimeSpan(scheduleToStart) : null,
            StartToCloseTimeout = Duration.FromTimeSpan(startToClose),
            HeartbeatTimeout = a.HeartbeatTimeout,
            RetryPolicy = retry,
            WorkflowTaskCompletedEventId = completedId,
            UseWorkflowBuildId = a.UseWorkflowBuildId,
        };
    }
}
