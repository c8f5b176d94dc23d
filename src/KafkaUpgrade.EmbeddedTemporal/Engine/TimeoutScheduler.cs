using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>Fires timers, ends retry backoffs and enforces task and activity timeouts, in real time.</summary>
internal sealed class TimeoutScheduler(ServerState state, WorkflowTasks workflowTasks, ActivityTasks activityTasks, RunLifecycle lifecycle)
{
    // Short enough that a workflow polling with 10 ms timers is not slowed by the scheduler; a tick that changes
    // nothing commits nothing, so it wakes no long poll.
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                lock (state.Gate)
                {
                    CheckAll(Clock.Now);
                    if (state.HasChanges)
                    {
                        state.Commit();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Server stopping.
        }
    }

    public void CheckAll(DateTime now)
    {
        foreach (var run in state.OpenRuns.ToList())
        {
            Check(run, now);
        }
    }

    private void Check(WorkflowRun run, DateTime now)
    {
        if (run.RunDeadline is { } deadline && now >= deadline)
        {
            lifecycle.Close(run, new HistoryEvent
            {
                EventType = EventType.WorkflowExecutionTimedOut,
                WorkflowExecutionTimedOutEventAttributes = new WorkflowExecutionTimedOutEventAttributes { RetryState = RetryState.Timeout },
            }, WorkflowExecutionStatus.TimedOut);
            return;
        }

        if (run.Task == WorkflowTaskStage.Started && now >= run.TaskStartedAt + run.WorkflowTaskTimeout)
        {
            workflowTasks.TimeOut(run);
        }
        else if (run.Task == WorkflowTaskStage.Scheduled && run.TaskSticky is { } sticky && now >= run.TaskScheduledAt + sticky.ScheduleToStartTimeout)
        {
            workflowTasks.StickyTimeOut(run);
        }

        foreach (var timer in run.Timers.Values.Where(t => now >= t.FireAt).ToList())
        {
            run.Timers.Remove(timer.TimerId);
            run.AddExternal(new HistoryEvent
            {
                EventType = EventType.TimerFired,
                TimerFiredEventAttributes = new TimerFiredEventAttributes { TimerId = timer.TimerId, StartedEventId = timer.StartedEventId },
            });
            state.Touch(run);
        }

        foreach (var activity in run.Activities.Values.ToList())
        {
            CheckActivity(run, activity, now);
        }
    }

    private void CheckActivity(WorkflowRun run, PendingActivity activity, DateTime now)
    {
        var a = activity.Attributes;
        var scheduleToClose = Clock.Span(a.ScheduleToCloseTimeout);
        if (scheduleToClose > TimeSpan.Zero && now >= activity.ScheduledTime + scheduleToClose)
        {
            TimeOut(run, activity, TimeoutType.ScheduleToClose);
            return;
        }

        switch (activity.State)
        {
            case ActivityState.Backoff when now >= activity.ReadyAt:
                activity.State = ActivityState.Scheduled;
                activity.Enqueued = false;
                state.Touch(run);
                break;
            case ActivityState.Scheduled when Clock.Span(a.ScheduleToStartTimeout) is var s2s && s2s > TimeSpan.Zero
                && now >= activity.CurrentAttemptScheduledTime + s2s:
                TimeOut(run, activity, TimeoutType.ScheduleToStart);
                break;
            case ActivityState.Started when now >= activity.StartedTime + Clock.Span(a.StartToCloseTimeout):
                TimeOut(run, activity, TimeoutType.StartToClose);
                break;
            case ActivityState.Started when Clock.Span(a.HeartbeatTimeout) is var hb && hb > TimeSpan.Zero
                && now >= (activity.LastHeartbeat ?? activity.StartedTime) + hb:
                TimeOut(run, activity, TimeoutType.Heartbeat);
                break;
            default:
                break;
        }
    }

    private void TimeOut(WorkflowRun run, PendingActivity activity, TimeoutType type)
    {
        var failure = new Failure
        {
            Message = $"activity {TimeoutName(type)} timeout",
            Source = "Server",
            TimeoutFailureInfo = new TimeoutFailureInfo { TimeoutType = type, LastHeartbeatDetails = activity.HeartbeatDetails },
        };
        activityTasks.FailAttempt(run, activity, failure, type, activity.StartedIdentity);
    }

    private static string TimeoutName(TimeoutType type) => type switch
    {
        TimeoutType.StartToClose => "StartToClose",
        TimeoutType.ScheduleToStart => "ScheduleToStart",
        TimeoutType.ScheduleToClose => "ScheduleToClose",
        _ => "Heartbeat",
    };
}
