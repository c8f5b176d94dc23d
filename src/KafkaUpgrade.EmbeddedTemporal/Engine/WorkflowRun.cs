using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>One workflow run: its history and the mutable state derived from it.</summary>
internal sealed class WorkflowRun
{
    public required string Namespace { get; init; }
    public required string WorkflowId { get; init; }
    public required string RunId { get; init; }
    public required string WorkflowType { get; init; }
    public required string TaskQueue { get; init; }
    public required string StartRequestId { get; init; }
    public required DateTime StartTime { get; init; }
    public required TimeSpan WorkflowTaskTimeout { get; init; }
    public DateTime? RunDeadline { get; init; }
    public ParentRef? Parent { get; init; }
    public List<HistoryEvent> History { get; } = [];
    public WorkflowExecutionStatus Status { get; set; } = WorkflowExecutionStatus.Running;
    public DateTime? CloseTime { get; set; }
    public Memo Memo { get; set; } = new();
    public SearchAttributes SearchAttributes { get; set; } = new();
    public bool CancelRequested { get; set; }

    public WorkflowTaskStage Task { get; set; }
    public long TaskScheduledEventId { get; set; }
    public long TaskStartedEventId { get; set; }
    public DateTime TaskStartedAt { get; set; }
    public DateTime TaskScheduledAt { get; set; }
    public int TaskAttempt { get; set; } = 1;
    public bool TaskEnqueued { get; set; }
    public long PreviousStartedEventId { get; set; }

    /// <summary>The worker queue that caches this run, if any (not persisted: after a restart tasks go to the normal queue with full history).</summary>
    public StickyExecution? Sticky { get; set; }

    /// <summary>The sticky queue the scheduled task was put on; null when it is on the normal queue.</summary>
    public StickyExecution? TaskSticky { get; set; }

    /// <summary>Events that arrived while a workflow task was running; written after its completion, as Temporal does.</summary>
    public List<HistoryEvent> Buffered { get; } = [];

    public Dictionary<long, PendingActivity> Activities { get; } = [];
    public Dictionary<string, PendingTimer> Timers { get; } = [];
    public Dictionary<long, PendingChild> Children { get; } = [];
    public Dictionary<string, UpdateState> Updates { get; } = [];

    /// <summary>
    /// Queries that arrived while a workflow task was scheduled or running. Temporal answers queries consistently:
    /// a query sees every event written before it arrived, so it waits until that task completes.
    /// </summary>
    public List<string> HeldQueries { get; } = [];

    public bool IsOpen => Status == WorkflowExecutionStatus.Running;

    /// <summary>Pulsed when this run changes (an event written, the run touched): wakes long polls on its history.</summary>
    public ChangeSignal Changes { get; } = new();

    public long LastEventId => History.Count;

    /// <summary>Writes an event now, assigning its id and time.</summary>
    public HistoryEvent Append(HistoryEvent e)
    {
        e.EventId = History.Count + 1;
        e.EventTime ??= Clock.Stamp(Clock.Now);
        ResolveForwardReferences(e);
        History.Add(e);
        Changes.Pulse();
        return e;
    }

    private void ResolveForwardReferences(HistoryEvent e)
    {
        switch (e.AttributesCase)
        {
            case HistoryEvent.AttributesOneofCase.ActivityTaskCompletedEventAttributes when e.ActivityTaskCompletedEventAttributes.StartedEventId < 0:
                e.ActivityTaskCompletedEventAttributes.StartedEventId = e.EventId - 1;
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskFailedEventAttributes when e.ActivityTaskFailedEventAttributes.StartedEventId < 0:
                e.ActivityTaskFailedEventAttributes.StartedEventId = e.EventId - 1;
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskTimedOutEventAttributes when e.ActivityTaskTimedOutEventAttributes.StartedEventId < 0:
                e.ActivityTaskTimedOutEventAttributes.StartedEventId = e.EventId - 1;
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskCanceledEventAttributes when e.ActivityTaskCanceledEventAttributes.StartedEventId < 0:
                e.ActivityTaskCanceledEventAttributes.StartedEventId = e.EventId - 1;
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionStartedEventAttributes:
                if (Children.TryGetValue(e.ChildWorkflowExecutionStartedEventAttributes.InitiatedEventId, out var started))
                {
                    started.StartedEventId = e.EventId;
                }

                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCompletedEventAttributes:
                e.ChildWorkflowExecutionCompletedEventAttributes.StartedEventId = ChildStartedId(e.ChildWorkflowExecutionCompletedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionFailedEventAttributes:
                e.ChildWorkflowExecutionFailedEventAttributes.StartedEventId = ChildStartedId(e.ChildWorkflowExecutionFailedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCanceledEventAttributes:
                e.ChildWorkflowExecutionCanceledEventAttributes.StartedEventId = ChildStartedId(e.ChildWorkflowExecutionCanceledEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTerminatedEventAttributes:
                e.ChildWorkflowExecutionTerminatedEventAttributes.StartedEventId = ChildStartedId(e.ChildWorkflowExecutionTerminatedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTimedOutEventAttributes:
                e.ChildWorkflowExecutionTimedOutEventAttributes.StartedEventId = ChildStartedId(e.ChildWorkflowExecutionTimedOutEventAttributes.InitiatedEventId);
                break;
            default:
                break;
        }
    }

    private long ChildStartedId(long initiatedEventId) =>
        Children.TryGetValue(initiatedEventId, out var child) ? child.StartedEventId : 0;

    /// <summary>An event caused from outside the workflow task: buffered while a task runs, else written and a task scheduled.</summary>
    public void AddExternal(params HistoryEvent[] events)
    {
        if (!IsOpen)
        {
            return;
        }

        if (Task == WorkflowTaskStage.Started)
        {
            Buffered.AddRange(events);
            return;
        }

        foreach (var e in events)
        {
            Append(e);
        }

        ScheduleWorkflowTask();
    }

    /// <summary>Writes the buffered events; true when there were any.</summary>
    public bool FlushBuffered()
    {
        if (Buffered.Count == 0)
        {
            return false;
        }

        foreach (var e in Buffered)
        {
            Append(e);
        }

        Buffered.Clear();
        return true;
    }

    /// <summary>The queue the next workflow task goes to: the sticky one when set (Temporal's MutableState.CurrentTaskQueue).</summary>
    public Temporalio.Api.TaskQueue.V1.TaskQueue CurrentTaskQueue() => Sticky is { } sticky
        ? new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = sticky.Queue, Kind = TaskQueueKind.Sticky, NormalName = TaskQueue }
        : new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = TaskQueue, Kind = TaskQueueKind.Normal };

    public void ScheduleWorkflowTask()
    {
        if (!IsOpen || Task != WorkflowTaskStage.None)
        {
            return;
        }

        var scheduled = Append(new HistoryEvent
        {
            EventType = EventType.WorkflowTaskScheduled,
            WorkflowTaskScheduledEventAttributes = new WorkflowTaskScheduledEventAttributes
            {
                TaskQueue = CurrentTaskQueue(),
                StartToCloseTimeout = Duration.FromTimeSpan(WorkflowTaskTimeout),
                Attempt = TaskAttempt,
            },
        });
        Task = WorkflowTaskStage.Scheduled;
        TaskSticky = Sticky;
        TaskEnqueued = false;
        TaskScheduledEventId = scheduled.EventId;
        TaskScheduledAt = Clock.Now;
    }
}

/// <summary>Where the run's single workflow task is.</summary>
internal enum WorkflowTaskStage
{
    None,
    Scheduled,
    Started,
}
