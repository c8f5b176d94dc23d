using Google.Protobuf;
using KafkaUpgrade.EmbeddedTemporal.Rpc;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>Hands workflow tasks (and legacy query tasks) to pollers and records their completion or failure.</summary>
internal sealed class WorkflowTasks(ServerState state, CommandApplier applier)
{
    /// <summary>Takes the next valid task of a queue, or null. Under the lock.</summary>
    public PollWorkflowTaskQueueResponse? TryTake(PollWorkflowTaskQueueRequest request)
    {
        var queue = state.Queues.WorkflowQueue(request.Namespace, request.TaskQueue.Name);
        while (queue.Count > 0)
        {
            var task = queue.Dequeue();
            var run = state.ByRunId(task.RunId);
            if (run is null)
            {
                continue;
            }

            if (task.QueryId is not null)
            {
                if (state.Queries.TryGetValue(task.QueryId, out var query) && !query.Dispatched)
                {
                    query.Dispatched = true;
                    return QueryTask(run, query);
                }

                continue;
            }

            if (run.IsOpen && run.Task == WorkflowTaskStage.Scheduled && run.TaskScheduledEventId == task.ScheduledEventId)
            {
                return Start(run, request);
            }
        }

        return null;
    }

    private PollWorkflowTaskQueueResponse Start(WorkflowRun run, PollWorkflowTaskQueueRequest request)
    {
        var started = run.Append(new HistoryEvent
        {
            EventType = EventType.WorkflowTaskStarted,
            WorkflowTaskStartedEventAttributes = new WorkflowTaskStartedEventAttributes
            {
                ScheduledEventId = run.TaskScheduledEventId,
                Identity = request.Identity,
                RequestId = Guid.NewGuid().ToString(),
            },
        });
        run.Task = WorkflowTaskStage.Started;
        run.TaskStartedEventId = started.EventId;
        run.TaskStartedAt = Clock.Now;
        state.Touch(run);

        // The worker that polls its own sticky queue still holds the run: it gets only the events after the previous
        // task's started event, as Temporal's history service sends them (RecordWorkflowTaskStarted: sticky tasks only
        // need partial history). A task started from any other queue means the stickiness is gone.
        var sticky = request.TaskQueue.Kind == TaskQueueKind.Sticky && run.Sticky?.Queue == request.TaskQueue.Name;
        if (!sticky)
        {
            run.Sticky = null;
        }

        var (page, next) = HistoryPages.Read(run, sticky ? run.PreviousStartedEventId + 1 : 1, HistoryPages.DefaultPageSize, run.LastEventId);
        var response = new PollWorkflowTaskQueueResponse
        {
            TaskToken = new TaskToken(TaskToken.Workflow, run.RunId, run.TaskScheduledEventId, run.TaskAttempt, "").ToBytes(),
            WorkflowExecution = new WorkflowExecution { WorkflowId = run.WorkflowId, RunId = run.RunId },
            WorkflowType = new WorkflowType { Name = run.WorkflowType },
            PreviousStartedEventId = run.PreviousStartedEventId,
            StartedEventId = started.EventId,
            Attempt = run.TaskAttempt,
            History = page,
            NextPageToken = next,
            WorkflowExecutionTaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = run.TaskQueue, Kind = TaskQueueKind.Normal },
            ScheduledTime = Clock.Stamp(run.TaskScheduledAt),
            StartedTime = Clock.Stamp(run.TaskStartedAt),
        };
        response.Messages.AddRange(UpdateProtocol.MessagesFor(run));
        return response;
    }

    private static PollWorkflowTaskQueueResponse QueryTask(WorkflowRun run, QueryState query)
    {
        var (page, next) = HistoryPages.Read(run, ByteString.Empty, HistoryPages.DefaultPageSize, run.LastEventId);
        return new PollWorkflowTaskQueueResponse
        {
            TaskToken = new TaskToken(TaskToken.Query, run.RunId, 0, 0, query.QueryId).ToBytes(),
            WorkflowExecution = new WorkflowExecution { WorkflowId = run.WorkflowId, RunId = run.RunId },
            WorkflowType = new WorkflowType { Name = run.WorkflowType },
            PreviousStartedEventId = run.PreviousStartedEventId,
            StartedEventId = run.PreviousStartedEventId,
            Attempt = 1,
            History = page,
            NextPageToken = next,
            Query = query.Query,
            WorkflowExecutionTaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = run.TaskQueue, Kind = TaskQueueKind.Normal },
            ScheduledTime = Clock.Stamp(Clock.Now),
            StartedTime = Clock.Stamp(Clock.Now),
        };
    }

    public void Complete(RespondWorkflowTaskCompletedRequest request)
    {
        var run = RequireStarted(request.TaskToken);
        if (CommandValidator.Check(state.Namespaces.Require(run.Namespace), run, request.Commands) is { } rejected)
        {
            FailTask(run, rejected.Cause, new Temporalio.Api.Failure.V1.Failure
            {
                Message = rejected.Error.Status.Detail,
                Source = "Server",
                ServerFailureInfo = new Temporalio.Api.Failure.V1.ServerFailureInfo { NonRetryable = true },
            }, request.Identity);
            throw rejected.Error;
        }
        if (run.Buffered.Count > 0 && request.Commands.Any(CommandApplier.IsTerminal))
        {
            // The workflow decided to close without seeing new events: Temporal fails the task so it sees them.
            FailTask(run, WorkflowTaskFailedCause.UnhandledCommand, null, request.Identity);
            return;
        }

        var completed = run.Append(new HistoryEvent
        {
            EventType = EventType.WorkflowTaskCompleted,
            WorkflowTaskCompletedEventAttributes = new WorkflowTaskCompletedEventAttributes
            {
                ScheduledEventId = run.TaskScheduledEventId,
                StartedEventId = run.TaskStartedEventId,
                Identity = request.Identity,
                BinaryChecksum = request.BinaryChecksum,
                SdkMetadata = request.SdkMetadata,
                MeteringMetadata = request.MeteringMetadata,
                WorkerVersion = request.WorkerVersionStamp,
            },
        });
        run.PreviousStartedEventId = run.TaskStartedEventId;
        run.Sticky = StickyExecution.From(request.StickyAttributes);
        applier.Apply(run, request.Commands, request.Messages, completed.EventId);
        state.Touch(run);
        if (!run.IsOpen)
        {
            ReleaseHeldQueries(run);
            return;
        }

        run.Task = WorkflowTaskStage.None;
        run.TaskAttempt = 1;
        var flushed = run.FlushBuffered();
        if (flushed || request.ForceCreateNewWorkflowTask || UpdateProtocol.HasUndelivered(run))
        {
            run.ScheduleWorkflowTask();
        }
        else
        {
            ReleaseHeldQueries(run);
        }
    }

    /// <summary>Hands queries that waited for the workflow to catch up to the workers, now that no task is pending.</summary>
    private void ReleaseHeldQueries(WorkflowRun run)
    {
        foreach (var queryId in run.HeldQueries)
        {
            state.Queues.AddWorkflowTask(run.Namespace, run.TaskQueue, new QueuedTask(run.RunId, 0, 0, queryId));
        }

        run.HeldQueries.Clear();
    }

    public void Fail(RespondWorkflowTaskFailedRequest request)
    {
        var run = RequireStarted(request.TaskToken);
        FailTask(run, request.Cause, request.Failure, request.Identity);
    }

    public void TimeOut(WorkflowRun run)
    {
        run.Append(new HistoryEvent
        {
            EventType = EventType.WorkflowTaskTimedOut,
            WorkflowTaskTimedOutEventAttributes = new WorkflowTaskTimedOutEventAttributes
            {
                ScheduledEventId = run.TaskScheduledEventId,
                StartedEventId = run.TaskStartedEventId,
                TimeoutType = TimeoutType.StartToClose,
            },
        });
        Retry(run, incrementAttempt: true);
    }

    /// <summary>
    /// The sticky worker did not take the task in time: Temporal writes WorkflowTaskTimedOut (schedule-to-start),
    /// clears the sticky queue and schedules the task on the normal queue without counting an attempt
    /// (workflow_task_state_machine.go AddWorkflowTaskScheduleToStartTimeoutEvent).
    /// </summary>
    public void StickyTimeOut(WorkflowRun run)
    {
        run.Append(new HistoryEvent
        {
            EventType = EventType.WorkflowTaskTimedOut,
            WorkflowTaskTimedOutEventAttributes = new WorkflowTaskTimedOutEventAttributes
            {
                ScheduledEventId = run.TaskScheduledEventId,
                TimeoutType = TimeoutType.ScheduleToStart,
            },
        });
        Retry(run, incrementAttempt: false);
    }

    /// <summary>Clears the run's sticky queue on the worker's request; a task already on it waits for its timeout, as in Temporal.</summary>
    public static void ResetSticky(WorkflowRun run) => run.Sticky = null;

    private void FailTask(WorkflowRun run, WorkflowTaskFailedCause cause, Temporalio.Api.Failure.V1.Failure? failure, string identity)
    {
        run.Append(new HistoryEvent
        {
            EventType = EventType.WorkflowTaskFailed,
            WorkflowTaskFailedEventAttributes = new WorkflowTaskFailedEventAttributes
            {
                ScheduledEventId = run.TaskScheduledEventId,
                StartedEventId = run.TaskStartedEventId,
                Cause = cause,
                Failure = failure,
                Identity = identity,
            },
        });
        Retry(run, incrementAttempt: true);
    }

    private void Retry(WorkflowRun run, bool incrementAttempt)
    {
        // A task that failed on a sticky queue is retried once on the normal queue with full history before it
        // counts as an attempt (workflow_task_state_machine.go failWorkflowTask): a cache miss is not a failure.
        if (run.Sticky is not null)
        {
            run.Sticky = null;
            incrementAttempt = false;
        }

        run.Task = WorkflowTaskStage.None;
        if (incrementAttempt)
        {
            run.TaskAttempt++;
        }

        run.FlushBuffered();
        run.ScheduleWorkflowTask();
        state.Touch(run);
    }

    private WorkflowRun RequireStarted(ByteString tokenBytes)
    {
        var token = TaskToken.Parse(tokenBytes);
        var run = token.Kind == TaskToken.Workflow ? state.ByRunId(token.RunId) : null;
        if (run is null || !run.IsOpen || run.Task != WorkflowTaskStage.Started
            || run.TaskScheduledEventId != token.ScheduledEventId || run.TaskAttempt != token.Attempt)
        {
            throw RpcErrors.NotFound("Workflow task not found.");
        }

        return run;
    }
}
