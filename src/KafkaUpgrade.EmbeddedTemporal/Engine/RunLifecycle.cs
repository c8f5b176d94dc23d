using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>Creates runs and closes them, telling parents and children.</summary>
internal sealed class RunLifecycle(ServerState state)
{
    private static readonly TimeSpan DefaultWorkflowTaskTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Creates a run with its started event, optional first events (e.g. a signal) and its first workflow task.</summary>
    public WorkflowRun Start(
        string ns,
        string workflowId,
        string requestId,
        WorkflowExecutionStartedEventAttributes started,
        ParentRef? parent,
        params HistoryEvent[] firstEvents)
    {
        var runId = Guid.NewGuid().ToString();
        var now = Clock.Now;
        var taskTimeout = Clock.Span(started.WorkflowTaskTimeout);
        if (taskTimeout <= TimeSpan.Zero)
        {
            taskTimeout = DefaultWorkflowTaskTimeout;
        }

        started.WorkflowTaskTimeout = Duration.FromTimeSpan(taskTimeout);
        started.OriginalExecutionRunId = runId;
        if (string.IsNullOrEmpty(started.FirstExecutionRunId))
        {
            started.FirstExecutionRunId = runId;
        }

        if (started.Attempt == 0)
        {
            started.Attempt = 1;
        }

        var runTimeout = Clock.Span(started.WorkflowRunTimeout);
        var run = new WorkflowRun
        {
            Namespace = ns,
            WorkflowId = workflowId,
            RunId = runId,
            WorkflowType = started.WorkflowType.Name,
            TaskQueue = started.TaskQueue.Name,
            StartRequestId = requestId,
            StartTime = now,
            WorkflowTaskTimeout = taskTimeout,
            RunDeadline = runTimeout > TimeSpan.Zero ? now + runTimeout : null,
            Parent = parent,
            Memo = started.Memo?.Clone() ?? new Memo(),
            SearchAttributes = started.SearchAttributes?.Clone() ?? new SearchAttributes(),
        };
        run.Append(new HistoryEvent { EventType = EventType.WorkflowExecutionStarted, WorkflowExecutionStartedEventAttributes = started });
        foreach (var e in firstEvents)
        {
            run.Append(e);
        }

        run.ScheduleWorkflowTask();
        state.Add(run);
        return run;
    }

    /// <summary>Writes the close event and settles everything that depended on the run.</summary>
    public void Close(WorkflowRun run, HistoryEvent closeEvent, WorkflowExecutionStatus status)
    {
        if (!run.IsOpen)
        {
            return;
        }

        run.Append(closeEvent);
        run.Status = status;
        run.CloseTime = Clock.Now;
        run.Task = WorkflowTaskStage.None;
        run.Buffered.Clear();
        foreach (var queryId in run.HeldQueries)
        {
            // A closed workflow still answers queries from its full history.
            state.Queues.AddWorkflowTask(run.Namespace, run.TaskQueue, new QueuedTask(run.RunId, 0, 0, queryId));
        }

        run.HeldQueries.Clear();
        run.Activities.Clear();
        run.Timers.Clear();
        foreach (var update in run.Updates.Values.Where(u => u.Outcome is null))
        {
            update.Outcome = new Temporalio.Api.Update.V1.Outcome
            {
                Failure = new Failure { Message = "Workflow Update failed because the Workflow completed before the Update completed." },
            };
        }

        state.Touch(run);
        ApplyParentClosePolicy(run);
        NotifyParent(run, closeEvent, status);
    }

    public void Terminate(WorkflowRun run, string reason, Payloads? details, string identity) =>
        Close(
            run,
            new HistoryEvent
            {
                EventType = EventType.WorkflowExecutionTerminated,
                WorkflowExecutionTerminatedEventAttributes = new WorkflowExecutionTerminatedEventAttributes
                {
                    Reason = reason,
                    Details = details,
                    Identity = identity,
                },
            },
            WorkflowExecutionStatus.Terminated);

    public void RequestCancel(WorkflowRun run, string cause, string identity)
    {
        if (run.CancelRequested)
        {
            return;
        }

        run.CancelRequested = true;
        run.AddExternal(new HistoryEvent
        {
            EventType = EventType.WorkflowExecutionCancelRequested,
            WorkflowExecutionCancelRequestedEventAttributes = new WorkflowExecutionCancelRequestedEventAttributes { Cause = cause, Identity = identity },
        });
        state.Touch(run);
    }

    private void ApplyParentClosePolicy(WorkflowRun run)
    {
        foreach (var child in run.Children.Values.Where(c => !c.Closed && c.RunId.Length > 0))
        {
            var childRun = state.ByRunId(child.RunId);
            if (childRun is null || !childRun.IsOpen)
            {
                continue;
            }

            switch (child.ParentClosePolicy)
            {
                case ParentClosePolicy.Abandon:
                    break;
                case ParentClosePolicy.RequestCancel:
                    RequestCancel(childRun, "by parent close policy", "embedded-temporal");
                    break;
                default:
                    Terminate(childRun, "by parent close policy", null, "embedded-temporal");
                    break;
            }
        }
    }

    private void NotifyParent(WorkflowRun run, HistoryEvent closeEvent, WorkflowExecutionStatus status)
    {
        if (run.Parent is null || status == WorkflowExecutionStatus.ContinuedAsNew)
        {
            return;
        }

        var parent = state.ByRunId(run.Parent.RunId);
        if (parent is null || !parent.IsOpen || !parent.Children.TryGetValue(run.Parent.InitiatedEventId, out var child))
        {
            return;
        }

        child.Closed = true;
        var execution = new WorkflowExecution { WorkflowId = run.WorkflowId, RunId = run.RunId };
        var type = new WorkflowType { Name = run.WorkflowType };
        var initiated = run.Parent.InitiatedEventId;
        var e = status switch
        {
            WorkflowExecutionStatus.Completed => new HistoryEvent
            {
                EventType = EventType.ChildWorkflowExecutionCompleted,
                ChildWorkflowExecutionCompletedEventAttributes = new ChildWorkflowExecutionCompletedEventAttributes
                {
                    Namespace = run.Namespace,
                    WorkflowExecution = execution,
                    WorkflowType = type,
                    InitiatedEventId = initiated,
                    Result = closeEvent.WorkflowExecutionCompletedEventAttributes.Result,
                },
            },
            WorkflowExecutionStatus.Failed => new HistoryEvent
            {
                EventType = EventType.ChildWorkflowExecutionFailed,
                ChildWorkflowExecutionFailedEventAttributes = new ChildWorkflowExecutionFailedEventAttributes
                {
                    Namespace = run.Namespace,
                    WorkflowExecution = execution,
                    WorkflowType = type,
                    InitiatedEventId = initiated,
                    Failure = closeEvent.WorkflowExecutionFailedEventAttributes.Failure,
                    RetryState = RetryState.NonRetryableFailure,
                },
            },
            WorkflowExecutionStatus.Canceled => new HistoryEvent
            {
                EventType = EventType.ChildWorkflowExecutionCanceled,
                ChildWorkflowExecutionCanceledEventAttributes = new ChildWorkflowExecutionCanceledEventAttributes
                {
                    Namespace = run.Namespace,
                    WorkflowExecution = execution,
                    WorkflowType = type,
                    InitiatedEventId = initiated,
                    Details = closeEvent.WorkflowExecutionCanceledEventAttributes.Details,
                },
            },
            WorkflowExecutionStatus.TimedOut => new HistoryEvent
            {
                EventType = EventType.ChildWorkflowExecutionTimedOut,
                ChildWorkflowExecutionTimedOutEventAttributes = new ChildWorkflowExecutionTimedOutEventAttributes
                {
                    Namespace = run.Namespace,
                    WorkflowExecution = execution,
                    WorkflowType = type,
                    InitiatedEventId = initiated,
                    RetryState = RetryState.Timeout,
                },
            },
            _ => new HistoryEvent
            {
                EventType = EventType.ChildWorkflowExecutionTerminated,
                ChildWorkflowExecutionTerminatedEventAttributes = new ChildWorkflowExecutionTerminatedEventAttributes
                {
                    Namespace = run.Namespace,
                    WorkflowExecution = execution,
                    WorkflowType = type,
                    InitiatedEventId = initiated,
                },
            },
        };
        parent.AddExternal(e);
        state.Touch(parent);
    }
}
