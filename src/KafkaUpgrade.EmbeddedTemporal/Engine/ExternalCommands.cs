using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>Commands that reach other runs: continue-as-new, children, external signals and cancellations.</summary>
internal sealed class ExternalCommands(ServerState state, RunLifecycle lifecycle)
{
    public void ContinueAsNew(WorkflowRun run, ContinueAsNewWorkflowExecutionCommandAttributes a, long completedId)
    {
        var newRunStarted = new WorkflowExecutionStartedEventAttributes
        {
            WorkflowType = a.WorkflowType,
            TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = string.IsNullOrEmpty(a.TaskQueue?.Name) ? run.TaskQueue : a.TaskQueue.Name, Kind = TaskQueueKind.Normal },
            Input = a.Input,
            WorkflowRunTimeout = a.WorkflowRunTimeout,
            WorkflowTaskTimeout = a.WorkflowTaskTimeout,
            ContinuedExecutionRunId = run.RunId,
            Initiator = a.Initiator == ContinueAsNewInitiator.Unspecified ? ContinueAsNewInitiator.Workflow : a.Initiator,
            ContinuedFailure = a.Failure,
            LastCompletionResult = a.LastCompletionResult,
            FirstExecutionRunId = FirstRunId(run),
            RetryPolicy = a.RetryPolicy,
            Header = a.Header,
            Memo = a.Memo ?? run.Memo,
            SearchAttributes = a.SearchAttributes ?? run.SearchAttributes,
            Attempt = 1,
        };
        if (run.Parent is not null)
        {
            newRunStarted.ParentWorkflowNamespace = run.Parent.Namespace;
            newRunStarted.ParentWorkflowExecution = new WorkflowExecution { WorkflowId = run.Parent.WorkflowId, RunId = run.Parent.RunId };
            newRunStarted.ParentInitiatedEventId = run.Parent.InitiatedEventId;
        }

        var requestId = Guid.NewGuid().ToString();
        var closeEvent = new HistoryEvent
        {
            EventType = EventType.WorkflowExecutionContinuedAsNew,
            WorkflowExecutionContinuedAsNewEventAttributes = new WorkflowExecutionContinuedAsNewEventAttributes
            {
                WorkflowType = a.WorkflowType,
                TaskQueue = newRunStarted.TaskQueue,
                Input = a.Input,
                WorkflowRunTimeout = a.WorkflowRunTimeout,
                WorkflowTaskTimeout = a.WorkflowTaskTimeout,
                WorkflowTaskCompletedEventId = completedId,
                Initiator = newRunStarted.Initiator,
                Failure = a.Failure,
                LastCompletionResult = a.LastCompletionResult,
                Header = a.Header,
                Memo = newRunStarted.Memo,
                SearchAttributes = newRunStarted.SearchAttributes,
            },
        };

        // The new run exists before the old one closes so the close event can name it.
        var next = lifecycle.Start(run.Namespace, run.WorkflowId, requestId, newRunStarted, run.Parent);
        closeEvent.WorkflowExecutionContinuedAsNewEventAttributes.NewExecutionRunId = next.RunId;
        lifecycle.Close(run, closeEvent, WorkflowExecutionStatus.ContinuedAsNew);
        if (run.Parent is not null && state.ByRunId(run.Parent.RunId) is { } parent
            && parent.Children.TryGetValue(run.Parent.InitiatedEventId, out var child))
        {
            child.RunId = next.RunId;
        }
    }

    public void StartChild(WorkflowRun run, StartChildWorkflowExecutionCommandAttributes a, long completedId)
    {
        var ns = string.IsNullOrEmpty(a.Namespace) ? run.Namespace : a.Namespace;
        var initiated = run.Append(new HistoryEvent
        {
            EventType = EventType.StartChildWorkflowExecutionInitiated,
            StartChildWorkflowExecutionInitiatedEventAttributes = new StartChildWorkflowExecutionInitiatedEventAttributes
            {
                Namespace = ns,
                WorkflowId = a.WorkflowId,
                WorkflowType = a.WorkflowType,
                TaskQueue = a.TaskQueue,
                Input = a.Input,
                WorkflowExecutionTimeout = a.WorkflowExecutionTimeout,
                WorkflowRunTimeout = a.WorkflowRunTimeout,
                WorkflowTaskTimeout = a.WorkflowTaskTimeout,
                ParentClosePolicy = a.ParentClosePolicy,
                Control = a.Control,
                WorkflowTaskCompletedEventId = completedId,
                WorkflowIdReusePolicy = a.WorkflowIdReusePolicy,
                RetryPolicy = a.RetryPolicy,
                CronSchedule = a.CronSchedule,
                Header = a.Header,
                Memo = a.Memo,
                SearchAttributes = a.SearchAttributes,
            },
        });
        var child = new PendingChild
        {
            InitiatedEventId = initiated.EventId,
            WorkflowId = a.WorkflowId,
            WorkflowType = a.WorkflowType.Name,
            ParentClosePolicy = a.ParentClosePolicy,
        };
        run.Children[initiated.EventId] = child;
        var existing = state.Latest(ns, a.WorkflowId);
        if (existing is { IsOpen: true } || !state.Namespaces.Exists(ns))
        {
            child.Closed = true;
            run.AddExternal(new HistoryEvent
            {
                EventType = EventType.StartChildWorkflowExecutionFailed,
                StartChildWorkflowExecutionFailedEventAttributes = new StartChildWorkflowExecutionFailedEventAttributes
                {
                    Namespace = ns,
                    WorkflowId = a.WorkflowId,
                    WorkflowType = a.WorkflowType,
                    Cause = StartChildWorkflowExecutionFailedCause.WorkflowAlreadyExists,
                    Control = a.Control,
                    InitiatedEventId = initiated.EventId,
                    WorkflowTaskCompletedEventId = completedId,
                },
            });
            return;
        }

        var started = new WorkflowExecutionStartedEventAttributes
        {
            WorkflowType = a.WorkflowType,
            TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = string.IsNullOrEmpty(a.TaskQueue?.Name) ? run.TaskQueue : a.TaskQueue.Name, Kind = TaskQueueKind.Normal },
            Input = a.Input,
            WorkflowExecutionTimeout = a.WorkflowExecutionTimeout,
            WorkflowRunTimeout = a.WorkflowRunTimeout,
            WorkflowTaskTimeout = a.WorkflowTaskTimeout,
            RetryPolicy = a.RetryPolicy,
            CronSchedule = a.CronSchedule,
            Header = a.Header,
            Memo = a.Memo,
            SearchAttributes = a.SearchAttributes,
            ParentWorkflowNamespace = run.Namespace,
            ParentWorkflowExecution = new WorkflowExecution { WorkflowId = run.WorkflowId, RunId = run.RunId },
            ParentInitiatedEventId = initiated.EventId,
            Attempt = 1,
        };
        var childRun = lifecycle.Start(ns, a.WorkflowId, Guid.NewGuid().ToString(), started, new ParentRef(run.Namespace, run.WorkflowId, run.RunId, initiated.EventId));
        child.RunId = childRun.RunId;
        run.AddExternal(new HistoryEvent
        {
            EventType = EventType.ChildWorkflowExecutionStarted,
            ChildWorkflowExecutionStartedEventAttributes = new ChildWorkflowExecutionStartedEventAttributes
            {
                Namespace = ns,
                InitiatedEventId = initiated.EventId,
                WorkflowExecution = new WorkflowExecution { WorkflowId = a.WorkflowId, RunId = childRun.RunId },
                WorkflowType = a.WorkflowType,
                Header = a.Header,
            },
        });
    }

    public void SignalExternal(WorkflowRun run, SignalExternalWorkflowExecutionCommandAttributes a, long completedId)
    {
        var ns = string.IsNullOrEmpty(a.Namespace) ? run.Namespace : a.Namespace;
        var initiated = run.Append(new HistoryEvent
        {
            EventType = EventType.SignalExternalWorkflowExecutionInitiated,
            SignalExternalWorkflowExecutionInitiatedEventAttributes = new SignalExternalWorkflowExecutionInitiatedEventAttributes
            {
                Namespace = ns,
                WorkflowExecution = a.Execution,
                SignalName = a.SignalName,
                Input = a.Input,
                Control = a.Control,
                ChildWorkflowOnly = a.ChildWorkflowOnly,
                Header = a.Header,
                WorkflowTaskCompletedEventId = completedId,
            },
        });
        var target = FindOpen(ns, a.Execution);
        if (target is null)
        {
            run.AddExternal(new HistoryEvent
            {
                EventType = EventType.SignalExternalWorkflowExecutionFailed,
                SignalExternalWorkflowExecutionFailedEventAttributes = new SignalExternalWorkflowExecutionFailedEventAttributes
                {
                    Cause = SignalExternalWorkflowExecutionFailedCause.ExternalWorkflowExecutionNotFound,
                    WorkflowTaskCompletedEventId = completedId,
                    Namespace = ns,
                    WorkflowExecution = a.Execution,
                    InitiatedEventId = initiated.EventId,
                    Control = a.Control,
                },
            });
            return;
        }

        target.AddExternal(new HistoryEvent
        {
            EventType = EventType.WorkflowExecutionSignaled,
            WorkflowExecutionSignaledEventAttributes = new WorkflowExecutionSignaledEventAttributes
            {
                SignalName = a.SignalName,
                Input = a.Input,
                Header = a.Header,
                Identity = run.WorkflowId,
            },
        });
        state.Touch(target);
        run.AddExternal(new HistoryEvent
        {
            EventType = EventType.ExternalWorkflowExecutionSignaled,
            ExternalWorkflowExecutionSignaledEventAttributes = new ExternalWorkflowExecutionSignaledEventAttributes
            {
                InitiatedEventId = initiated.EventId,
                Namespace = ns,
                WorkflowExecution = new WorkflowExecution { WorkflowId = target.WorkflowId, RunId = target.RunId },
                Control = a.Control,
            },
        });
    }

    public void CancelExternal(WorkflowRun run, RequestCancelExternalWorkflowExecutionCommandAttributes a, long completedId)
    {
        var ns = string.IsNullOrEmpty(a.Namespace) ? run.Namespace : a.Namespace;
        var execution = new WorkflowExecution { WorkflowId = a.WorkflowId, RunId = a.RunId };
        var initiated = run.Append(new HistoryEvent
        {
            EventType = EventType.RequestCancelExternalWorkflowExecutionInitiated,
            RequestCancelExternalWorkflowExecutionInitiatedEventAttributes = new RequestCancelExternalWorkflowExecutionInitiatedEventAttributes
            {
                Namespace = ns,
                WorkflowExecution = execution,
                Control = a.Control,
                ChildWorkflowOnly = a.ChildWorkflowOnly,
                Reason = a.Reason,
                WorkflowTaskCompletedEventId = completedId,
            },
        });
        var target = FindOpen(ns, execution);
        if (target is null)
        {
            run.AddExternal(new HistoryEvent
            {
                EventType = EventType.RequestCancelExternalWorkflowExecutionFailed,
                RequestCancelExternalWorkflowExecutionFailedEventAttributes = new RequestCancelExternalWorkflowExecutionFailedEventAttributes
                {
                    Cause = CancelExternalWorkflowExecutionFailedCause.ExternalWorkflowExecutionNotFound,
                    WorkflowTaskCompletedEventId = completedId,
                    Namespace = ns,
                    WorkflowExecution = execution,
                    InitiatedEventId = initiated.EventId,
                    Control = a.Control,
                },
            });
            return;
        }

        lifecycle.RequestCancel(target, a.Reason, run.WorkflowId);
        run.AddExternal(new HistoryEvent
        {
            EventType = EventType.ExternalWorkflowExecutionCancelRequested,
            ExternalWorkflowExecutionCancelRequestedEventAttributes = new ExternalWorkflowExecutionCancelRequestedEventAttributes
            {
                InitiatedEventId = initiated.EventId,
                Namespace = ns,
                WorkflowExecution = new WorkflowExecution { WorkflowId = target.WorkflowId, RunId = target.RunId },
            },
        });
    }

    private WorkflowRun? FindOpen(string ns, WorkflowExecution execution)
    {
        var run = string.IsNullOrEmpty(execution.RunId) ? state.Latest(ns, execution.WorkflowId) : state.ByRunId(execution.RunId);
        return run is { IsOpen: true } && run.WorkflowId == execution.WorkflowId ? run : null;
    }

    private static string FirstRunId(WorkflowRun run) =>
        run.History[0].WorkflowExecutionStartedEventAttributes.FirstExecutionRunId is { Length: > 0 } first ? first : run.RunId;
}
