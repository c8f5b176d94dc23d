using Google.Protobuf;
using KafkaUpgrade.EmbeddedTemporal.Rpc;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>Hands activity attempts to pollers and records heartbeats and outcomes, retrying per the retry policy.</summary>
internal sealed class ActivityTasks(ServerState state)
{
    public PollActivityTaskQueueResponse? TryTake(PollActivityTaskQueueRequest request)
    {
        var queue = state.Queues.ActivityQueue(request.Namespace, request.TaskQueue.Name);
        while (queue.Count > 0)
        {
            var task = queue.Dequeue();
            var run = state.ByRunId(task.RunId);
            if (run is null || !run.IsOpen || !run.Activities.TryGetValue(task.ScheduledEventId, out var activity)
                || activity.State != ActivityState.Scheduled || activity.Attempt != task.Attempt)
            {
                continue;
            }

            activity.State = ActivityState.Started;
            activity.StartedTime = Clock.Now;
            activity.LastHeartbeat = null;
            activity.StartedIdentity = request.Identity;
            state.Touch(run);
            var a = activity.Attributes;
            return new PollActivityTaskQueueResponse
            {
                TaskToken = new TaskToken(TaskToken.Activity, run.RunId, activity.ScheduledEventId, activity.Attempt, "").ToBytes(),
                WorkflowNamespace = run.Namespace,
                WorkflowType = new WorkflowType { Name = run.WorkflowType },
                WorkflowExecution = new WorkflowExecution { WorkflowId = run.WorkflowId, RunId = run.RunId },
                ActivityType = a.ActivityType,
                ActivityId = a.ActivityId,
                Header = a.Header,
                Input = a.Input,
                HeartbeatDetails = activity.HeartbeatDetails,
                ScheduledTime = Clock.Stamp(activity.ScheduledTime),
                CurrentAttemptScheduledTime = Clock.Stamp(activity.CurrentAttemptScheduledTime),
                StartedTime = Clock.Stamp(activity.StartedTime),
                Attempt = activity.Attempt,
                ScheduleToCloseTimeout = a.ScheduleToCloseTimeout,
                StartToCloseTimeout = a.StartToCloseTimeout,
                HeartbeatTimeout = a.HeartbeatTimeout,
                RetryPolicy = a.RetryPolicy,
            };
        }

        return null;
    }

    public bool Heartbeat(ByteString token, Payloads? details)
    {
        var (run, activity) = RequireStarted(token);
        activity.LastHeartbeat = Clock.Now;
        activity.HeartbeatDetails = details;
        state.Touch(run);
        return activity.CancelRequested;
    }

    public void Complete(ByteString token, Payloads? result, string identity)
    {
        var (run, activity) = RequireStarted(token);
        Finish(run, activity, identity, new HistoryEvent
        {
            EventType = EventType.ActivityTaskCompleted,
            ActivityTaskCompletedEventAttributes = new ActivityTaskCompletedEventAttributes
            {
                Result = result,
                ScheduledEventId = activity.ScheduledEventId,
                StartedEventId = -1,
                Identity = identity,
            },
        });
    }

    public void Canceled(ByteString token, Payloads? details, string identity)
    {
        var (run, activity) = RequireStarted(token);
        Finish(run, activity, identity, new HistoryEvent
        {
            EventType = EventType.ActivityTaskCanceled,
            ActivityTaskCanceledEventAttributes = new ActivityTaskCanceledEventAttributes
            {
                Details = details,
                LatestCancelRequestedEventId = activity.CancelRequestedEventId,
                ScheduledEventId = activity.ScheduledEventId,
                StartedEventId = -1,
                Identity = identity,
            },
        });
    }

    public void Fail(ByteString token, Failure failure, Payloads? lastHeartbeatDetails, string identity)
    {
        var (run, activity) = RequireStarted(token);
        if (lastHeartbeatDetails is not null)
        {
            activity.HeartbeatDetails = lastHeartbeatDetails;
        }

        FailAttempt(run, activity, failure, null, identity);
    }

    /// <summary>Ends an attempt with a failure or timeout: retried when the policy allows, else written to history.</summary>
    public void FailAttempt(WorkflowRun run, PendingActivity activity, Failure failure, TimeoutType? timeout, string identity)
    {
        var now = Clock.Now;
        var retry = RetryDecision.Decide(activity, failure, timeout, now);
        state.Touch(run);
        if (retry.State == RetryState.InProgress)
        {
            activity.Attempt++;
            activity.State = ActivityState.Backoff;
            activity.ReadyAt = now + retry.Delay;
            activity.CurrentAttemptScheduledTime = activity.ReadyAt;
            activity.LastFailure = failure;
            activity.Enqueued = false;
            return;
        }

        var started = activity.State == ActivityState.Started;
        var final = timeout is null
            ? new HistoryEvent
            {
                EventType = EventType.ActivityTaskFailed,
                ActivityTaskFailedEventAttributes = new ActivityTaskFailedEventAttributes
                {
                    Failure = failure,
                    ScheduledEventId = activity.ScheduledEventId,
                    StartedEventId = started ? -1 : 0,
                    Identity = identity,
                    RetryState = retry.State,
                },
            }
            : new HistoryEvent
            {
                EventType = EventType.ActivityTaskTimedOut,
                ActivityTaskTimedOutEventAttributes = new ActivityTaskTimedOutEventAttributes
                {
                    Failure = failure,
                    ScheduledEventId = activity.ScheduledEventId,
                    StartedEventId = started ? -1 : 0,
                    RetryState = retry.State,
                },
            };
        if (started)
        {
            Finish(run, activity, identity, final);
        }
        else
        {
            run.Activities.Remove(activity.ScheduledEventId);
            run.AddExternal(final);
        }
    }

    private void Finish(WorkflowRun run, PendingActivity activity, string identity, HistoryEvent outcome)
    {
        run.Activities.Remove(activity.ScheduledEventId);
        var started = new HistoryEvent
        {
            EventType = EventType.ActivityTaskStarted,
            ActivityTaskStartedEventAttributes = new ActivityTaskStartedEventAttributes
            {
                ScheduledEventId = activity.ScheduledEventId,
                Identity = string.IsNullOrEmpty(activity.StartedIdentity) ? identity : activity.StartedIdentity,
                RequestId = Guid.NewGuid().ToString(),
                Attempt = activity.Attempt,
                LastFailure = activity.LastFailure,
            },
            EventTime = Clock.Stamp(activity.StartedTime),
        };
        run.AddExternal(started, outcome);
        state.Touch(run);
    }

    /// <summary>
    /// The task token of a started activity named by workflow and activity id, for the ...ById calls (async activity
    /// completion); Temporal's NOT_FOUND when there is no such started activity.
    /// </summary>
    public ByteString TokenById(string ns, string workflowId, string? runId, string activityId)
    {
        if (string.IsNullOrEmpty(activityId))
        {
            throw RpcErrors.InvalidArgument("ActivityId is not set on request.");
        }

        var run = state.Find(ns, workflowId, runId);
        var activity = run.IsOpen ? run.Activities.Values.FirstOrDefault(a => a.Attributes.ActivityId == activityId && a.State == ActivityState.Started) : null;
        return activity is null
            ? throw RpcErrors.NotFound("invalid activityID or activity already timed out or invoking workflow is completed")
            : new TaskToken(TaskToken.Activity, run.RunId, activity.ScheduledEventId, activity.Attempt, "").ToBytes();
    }

    private (WorkflowRun Run, PendingActivity Activity) RequireStarted(ByteString tokenBytes)
    {
        var token = TaskToken.Parse(tokenBytes);
        var run = token.Kind == TaskToken.Activity ? state.ByRunId(token.RunId) : null;
        if (run is null || !run.IsOpen || !run.Activities.TryGetValue(token.ScheduledEventId, out var activity)
            || activity.State != ActivityState.Started || activity.Attempt != token.Attempt)
        {
            throw RpcErrors.NotFound("invalid activityID or activity already timed out or invoking workflow is completed");
        }

        return (run, activity);
    }
}
