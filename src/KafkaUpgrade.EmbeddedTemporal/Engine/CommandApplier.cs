using Google.Protobuf.WellKnownTypes;
using KafkaUpgrade.EmbeddedTemporal.Rpc;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Protocol.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>Turns the commands of a completed workflow task into history events and state.</summary>
internal sealed class CommandApplier(RunLifecycle lifecycle, ExternalCommands external, UpdateProtocol updates)
{
    public static bool IsTerminal(Command c) => c.CommandType is CommandType.CompleteWorkflowExecution or CommandType.FailWorkflowExecution
        or CommandType.CancelWorkflowExecution or CommandType.ContinueAsNewWorkflowExecution;

    public void Apply(WorkflowRun run, IReadOnlyList<Command> commands, IReadOnlyList<Message> messages, long completedId)
    {
        foreach (var command in commands)
        {
            if (!run.IsOpen)
            {
                break;
            }

            ApplyOne(run, command, messages, completedId);
        }

        updates.ApplyRejections(run, messages);
    }

    private void ApplyOne(WorkflowRun run, Command c, IReadOnlyList<Message> messages, long completedId)
    {
        switch (c.CommandType)
        {
            case CommandType.ScheduleActivityTask:
                ScheduleActivity(run, c.ScheduleActivityTaskCommandAttributes, completedId);
                break;
            case CommandType.StartTimer:
                StartTimer(run, c.StartTimerCommandAttributes, completedId);
                break;
            case CommandType.CancelTimer:
                CancelTimer(run, c.CancelTimerCommandAttributes, completedId);
                break;
            case CommandType.RequestCancelActivityTask:
                CancelActivity(run, c.RequestCancelActivityTaskCommandAttributes.ScheduledEventId, completedId);
                break;
            case CommandType.RecordMarker:
                var marker = c.RecordMarkerCommandAttributes;
                run.Append(new HistoryEvent
                {
                    EventType = EventType.MarkerRecorded,
                    MarkerRecordedEventAttributes = new MarkerRecordedEventAttributes
                    {
                        MarkerName = marker.MarkerName,
                        Details = { marker.Details },
                        Header = marker.Header,
                        Failure = marker.Failure,
                        WorkflowTaskCompletedEventId = completedId,
                    },
                });
                break;
            case CommandType.UpsertWorkflowSearchAttributes:
                var upsert = c.UpsertWorkflowSearchAttributesCommandAttributes.SearchAttributes;
                Merge(run.SearchAttributes.IndexedFields, upsert?.IndexedFields);
                run.Append(new HistoryEvent
                {
                    EventType = EventType.UpsertWorkflowSearchAttributes,
                    UpsertWorkflowSearchAttributesEventAttributes = new UpsertWorkflowSearchAttributesEventAttributes
                    {
                        SearchAttributes = upsert,
                        WorkflowTaskCompletedEventId = completedId,
                    },
                });
                break;
            case CommandType.ModifyWorkflowProperties:
                var memo = c.ModifyWorkflowPropertiesCommandAttributes.UpsertedMemo;
                Merge(run.Memo.Fields, memo?.Fields);
                run.Append(new HistoryEvent
                {
                    EventType = EventType.WorkflowPropertiesModified,
                    WorkflowPropertiesModifiedEventAttributes = new WorkflowPropertiesModifiedEventAttributes
                    {
                        UpsertedMemo = memo,
                        WorkflowTaskCompletedEventId = completedId,
                    },
                });
                break;
            case CommandType.CompleteWorkflowExecution:
                lifecycle.Close(run, new HistoryEvent
                {
                    EventType = EventType.WorkflowExecutionCompleted,
                    WorkflowExecutionCompletedEventAttributes = new WorkflowExecutionCompletedEventAttributes
                    {
                        Result = c.CompleteWorkflowExecutionCommandAttributes.Result,
                        WorkflowTaskCompletedEventId = completedId,
                    },
                }, WorkflowExecutionStatus.Completed);
                break;
            case CommandType.FailWorkflowExecution:
                lifecycle.Close(run, new HistoryEvent
                {
                    EventType = EventType.WorkflowExecutionFailed,
                    WorkflowExecutionFailedEventAttributes = new WorkflowExecutionFailedEventAttributes
                    {
                        Failure = c.FailWorkflowExecutionCommandAttributes.Failure,
                        RetryState = RetryState.RetryPolicyNotSet,
                        WorkflowTaskCompletedEventId = completedId,
                    },
                }, WorkflowExecutionStatus.Failed);
                break;
            case CommandType.CancelWorkflowExecution:
                lifecycle.Close(run, new HistoryEvent
                {
                    EventType = EventType.WorkflowExecutionCanceled,
                    WorkflowExecutionCanceledEventAttributes = new WorkflowExecutionCanceledEventAttributes
                    {
                        Details = c.CancelWorkflowExecutionCommandAttributes.Details,
                        WorkflowTaskCompletedEventId = completedId,
                    },
                }, WorkflowExecutionStatus.Canceled);
                break;
            case CommandType.ContinueAsNewWorkflowExecution:
                external.ContinueAsNew(run, c.ContinueAsNewWorkflowExecutionCommandAttributes, completedId);
                break;
            case CommandType.StartChildWorkflowExecution:
                external.StartChild(run, c.StartChildWorkflowExecutionCommandAttributes, completedId);
                break;
            case CommandType.SignalExternalWorkflowExecution:
                external.SignalExternal(run, c.SignalExternalWorkflowExecutionCommandAttributes, completedId);
                break;
            case CommandType.RequestCancelExternalWorkflowExecution:
                external.CancelExternal(run, c.RequestCancelExternalWorkflowExecutionCommandAttributes, completedId);
                break;
            case CommandType.ProtocolMessage:
                UpdateProtocol.ApplyMessage(run, c.ProtocolMessageCommandAttributes.MessageId, messages);
                break;
            default:
                throw RpcErrors.InvalidArgument($"command type {c.CommandType} is not supported by the embedded server.");
        }
    }

    private static void Merge(Google.Protobuf.Collections.MapField<string, Payload> target, Google.Protobuf.Collections.MapField<string, Payload>? changes)
    {
        if (changes is null)
        {
            return;
        }

        foreach (var (key, value) in changes)
        {
            // An empty or JSON-null payload removes the key, as Temporal does.
            if (value.Data.IsEmpty || value.Data.ToStringUtf8() == "null")
            {
                target.Remove(key);
            }
            else
            {
                target[key] = value;
            }
        }
    }

    private static void ScheduleActivity(WorkflowRun run, ScheduleActivityTaskCommandAttributes a, long completedId)
    {
        var attributes = ActivityDefaults.Normalize(run, a, completedId);
        var e = run.Append(new HistoryEvent { EventType = EventType.ActivityTaskScheduled, ActivityTaskScheduledEventAttributes = attributes });
        var now = Clock.Now;
        run.Activities[e.EventId] = new PendingActivity
        {
            ScheduledEventId = e.EventId,
            Attributes = attributes,
            ScheduledTime = now,
            CurrentAttemptScheduledTime = now,
            ReadyAt = now,
        };
    }

    private static void StartTimer(WorkflowRun run, StartTimerCommandAttributes a, long completedId)
    {
        var e = run.Append(new HistoryEvent
        {
            EventType = EventType.TimerStarted,
            TimerStartedEventAttributes = new TimerStartedEventAttributes
            {
                TimerId = a.TimerId,
                StartToFireTimeout = a.StartToFireTimeout,
                WorkflowTaskCompletedEventId = completedId,
            },
        });
        run.Timers[a.TimerId] = new PendingTimer(a.TimerId, e.EventId, Clock.Now + Clock.Span(a.StartToFireTimeout));
    }

    private static void CancelTimer(WorkflowRun run, CancelTimerCommandAttributes a, long completedId)
    {
        long startedEventId;
        if (run.Timers.Remove(a.TimerId, out var timer))
        {
            startedEventId = timer.StartedEventId;
        }
        else if (run.Buffered.FindIndex(e => e.EventType == EventType.TimerFired && e.TimerFiredEventAttributes.TimerId == a.TimerId) is var fired and >= 0)
        {
            // The timer fired while this task ran: as Temporal does, the cancel wins and the buffered TimerFired is
            // dropped. Writing it after the cancel would be an event the SDK cannot accept (its timer is cancelled).
            startedEventId = run.Buffered[fired].TimerFiredEventAttributes.StartedEventId;
            run.Buffered.RemoveAt(fired);
        }
        else
        {
            return;
        }

        run.Append(new HistoryEvent
        {
            EventType = EventType.TimerCanceled,
            TimerCanceledEventAttributes = new TimerCanceledEventAttributes
            {
                TimerId = a.TimerId,
                StartedEventId = startedEventId,
                WorkflowTaskCompletedEventId = completedId,
            },
        });
    }

    private static void CancelActivity(WorkflowRun run, long scheduledEventId, long completedId)
    {
        var requested = run.Append(new HistoryEvent
        {
            EventType = EventType.ActivityTaskCancelRequested,
            ActivityTaskCancelRequestedEventAttributes = new ActivityTaskCancelRequestedEventAttributes
            {
                ScheduledEventId = scheduledEventId,
                WorkflowTaskCompletedEventId = completedId,
            },
        });
        if (!run.Activities.TryGetValue(scheduledEventId, out var activity))
        {
            return;
        }

        if (activity.State == ActivityState.Started)
        {
            // A running attempt learns of the cancellation from its next heartbeat response.
            activity.CancelRequested = true;
            activity.CancelRequestedEventId = requested.EventId;
            return;
        }

        run.Activities.Remove(scheduledEventId);
        run.AddExternal(new HistoryEvent
        {
            EventType = EventType.ActivityTaskCanceled,
            ActivityTaskCanceledEventAttributes = new ActivityTaskCanceledEventAttributes
            {
                ScheduledEventId = scheduledEventId,
                LatestCancelRequestedEventId = requested.EventId,
            },
        });
    }
}
