using Google.Protobuf;
using KafkaUpgrade.EmbeddedTemporal.Engine;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Update.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Persistence;

/// <summary>Converts runs to and from <see cref="RunSnapshot"/>.</summary>
internal static class RunSnapshotMapper
{
    public static RunSnapshot ToSnapshot(WorkflowRun r) => new(
        r.Namespace, r.WorkflowId, r.RunId, r.WorkflowType, r.TaskQueue, r.StartRequestId, r.StartTime, r.WorkflowTaskTimeout, r.RunDeadline,
        r.Parent is null ? null : new ParentSnapshot(r.Parent.Namespace, r.Parent.WorkflowId, r.Parent.RunId, r.Parent.InitiatedEventId),
        (int)r.Status, r.CloseTime, r.Memo.ToByteArray(), r.SearchAttributes.ToByteArray(), r.CancelRequested,
        (int)r.Task, r.TaskScheduledEventId, r.TaskStartedEventId, r.TaskStartedAt, r.TaskScheduledAt, r.TaskAttempt, r.PreviousStartedEventId,
        r.Buffered.Select(e => e.ToByteArray()).ToList(),
        r.Activities.Values.Select(a => new ActivitySnapshot(
            a.ScheduledEventId, a.ScheduledTime, a.Attempt, (int)a.State, a.CurrentAttemptScheduledTime, a.ReadyAt, a.StartedTime, a.LastHeartbeat,
            a.HeartbeatDetails?.ToByteArray(), a.LastFailure?.ToByteArray(), a.StartedIdentity, a.CancelRequested, a.CancelRequestedEventId)).ToList(),
        r.Timers.Values.Select(t => new TimerSnapshot(t.TimerId, t.StartedEventId, t.FireAt)).ToList(),
        r.Children.Values.Select(c => new ChildSnapshot(c.InitiatedEventId, c.WorkflowId, c.WorkflowType, c.RunId, c.StartedEventId, c.Closed, (int)c.ParentClosePolicy)).ToList(),
        r.Updates.Values.Select(u => new UpdateSnapshot(u.UpdateId, u.Request.ToByteArray(), u.Accepted, u.Outcome?.ToByteArray())).ToList());

    public static WorkflowRun FromSnapshot(RunSnapshot s, IEnumerable<HistoryEvent> history)
    {
        var run = new WorkflowRun
        {
            Namespace = s.Namespace,
            WorkflowId = s.WorkflowId,
            RunId = s.RunId,
            WorkflowType = s.WorkflowType,
            TaskQueue = s.TaskQueue,
            StartRequestId = s.StartRequestId,
            StartTime = s.StartTime,
            WorkflowTaskTimeout = s.WorkflowTaskTimeout,
            RunDeadline = s.RunDeadline,
            Parent = s.Parent is null ? null : new ParentRef(s.Parent.Namespace, s.Parent.WorkflowId, s.Parent.RunId, s.Parent.InitiatedEventId),
            Status = (WorkflowExecutionStatus)s.Status,
            CloseTime = s.CloseTime,
            Memo = Memo.Parser.ParseFrom(s.Memo),
            SearchAttributes = SearchAttributes.Parser.ParseFrom(s.SearchAttributes),
            CancelRequested = s.CancelRequested,
            Task = (WorkflowTaskStage)s.Task,
            TaskScheduledEventId = s.TaskScheduledEventId,
            TaskStartedEventId = s.TaskStartedEventId,
            TaskStartedAt = s.TaskStartedAt,
            TaskScheduledAt = s.TaskScheduledAt,
            TaskAttempt = s.TaskAttempt,
            PreviousStartedEventId = s.PreviousStartedEventId,
        };
        run.History.AddRange(history);
        run.Buffered.AddRange(s.Buffered.Select(HistoryEvent.Parser.ParseFrom));
        foreach (var a in s.Activities)
        {
            run.Activities[a.ScheduledEventId] = new PendingActivity
            {
                ScheduledEventId = a.ScheduledEventId,
                Attributes = run.History[(int)a.ScheduledEventId - 1].ActivityTaskScheduledEventAttributes,
                ScheduledTime = a.ScheduledTime,
                Attempt = a.Attempt,
                State = (ActivityState)a.State,
                CurrentAttemptScheduledTime = a.CurrentAttemptScheduledTime,
                ReadyAt = a.ReadyAt,
                StartedTime = a.StartedTime,
                LastHeartbeat = a.LastHeartbeat,
                HeartbeatDetails = a.HeartbeatDetails is null ? null : Payloads.Parser.ParseFrom(a.HeartbeatDetails),
                LastFailure = a.LastFailure is null ? null : Failure.Parser.ParseFrom(a.LastFailure),
                StartedIdentity = a.StartedIdentity,
                CancelRequested = a.CancelRequested,
                CancelRequestedEventId = a.CancelRequestedEventId,
            };
        }

        foreach (var t in s.Timers)
        {
            run.Timers[t.TimerId] = new PendingTimer(t.TimerId, t.StartedEventId, t.FireAt);
        }

        foreach (var c in s.Children)
        {
            run.Children[c.InitiatedEventId] = new PendingChild
            {
                InitiatedEventId = c.InitiatedEventId,
                WorkflowId = c.WorkflowId,
                WorkflowType = c.WorkflowType,
                RunId = c.RunId,
                StartedEventId = c.StartedEventId,
                Closed = c.Closed,
                ParentClosePolicy = (ParentClosePolicy)c.ParentClosePolicy,
            };
        }

        foreach (var u in s.Updates)
        {
            run.Updates[u.UpdateId] = new UpdateState
            {
                UpdateId = u.UpdateId,
                Request = Request.Parser.ParseFrom(u.Request),
                Accepted = u.Accepted,
                Outcome = u.Outcome is null ? null : Outcome.Parser.ParseFrom(u.Outcome),
            };
        }

        return run;
    }
}
