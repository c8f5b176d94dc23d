using Google.Protobuf;
using Google.Protobuf.Reflection;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Client;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd.Scale;

/// <summary>
/// Every run of an operation: the root workflow, each run it continued as, every child (and their runs), found by
/// following the links histories record (ChildWorkflowExecutionStarted, WorkflowExecutionContinuedAsNew), so it
/// works against the embedded server and a real Temporal alike. Shared with the benchmark (linked source).
/// </summary>
internal static class HistoryCensus
{
    /// <summary>Fetches the histories of every run reachable from <paramref name="workflowId"/>'s first run.</summary>
    public static async Task<IReadOnlyList<RunHistory>> CollectAsync(ITemporalClient client, string workflowId, string firstRunId)
    {
        var runs = new List<RunHistory>();
        var pending = new Queue<(string Id, string RunId)>([(workflowId, firstRunId)]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var next))
        {
            if (!seen.Add($"{next.Id}/{next.RunId}"))
            {
                continue;
            }

            var history = await client.GetWorkflowHandle(next.Id, runId: next.RunId).FetchHistoryAsync();
            var events = history.Events.ToList();
            runs.Add(new RunHistory(next.Id, next.RunId, events));
            foreach (var e in events)
            {
                if (e.EventType == EventType.ChildWorkflowExecutionStarted)
                {
                    var child = e.ChildWorkflowExecutionStartedEventAttributes.WorkflowExecution;
                    pending.Enqueue((child.WorkflowId, child.RunId));
                }
                else if (e.EventType == EventType.WorkflowExecutionContinuedAsNew)
                {
                    pending.Enqueue((next.Id, e.WorkflowExecutionContinuedAsNewEventAttributes.NewExecutionRunId));
                }
            }
        }

        return runs;
    }

    /// <summary>Largest single payload (a serialized value: activity input or result, workflow input, signal...) of the event, in bytes.</summary>
    public static int LargestPayload(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is Payload payload)
        {
            return payload.CalculateSize();
        }

        if (message is Payloads payloads)
        {
            // Temporal's blob limit applies to the whole Payloads field (all arguments of one call).
            return payloads.CalculateSize();
        }

        var largest = 0;
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (field.FieldType != FieldType.Message)
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            var children = field.IsMap
                ? ((System.Collections.IDictionary)value).Values.OfType<IMessage>()
                : field.IsRepeated ? ((System.Collections.IList)value).OfType<IMessage>() : value is IMessage single ? [single] : [];
            foreach (var child in children)
            {
                largest = Math.Max(largest, LargestPayload(child));
            }
        }

        return largest;
    }

    /// <summary>
    /// Orchestration latency: from an activity completing, a timer firing or a child finishing (the workflow learns
    /// something) to the start of the next activity the workflow schedules in reaction, in milliseconds. Pairs with a
    /// deliberate wait (a timer started) in between are not orchestration latency and are left out.
    /// </summary>
    public static IEnumerable<double> StepLatenciesMs(IReadOnlyList<HistoryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var started = events.Where(e => e.EventType == EventType.ActivityTaskStarted)
            .GroupBy(e => e.ActivityTaskStartedEventAttributes.ScheduledEventId)
            .ToDictionary(g => g.Key, g => g.First());
        HistoryEvent? trigger = null;
        foreach (var e in events)
        {
            switch (e.EventType)
            {
                case EventType.ActivityTaskCompleted or EventType.TimerFired or EventType.ChildWorkflowExecutionCompleted:
                    trigger = e;
                    break;
                case EventType.TimerStarted or EventType.StartChildWorkflowExecutionInitiated:
                    trigger = null;
                    break;
                case EventType.ActivityTaskScheduled when trigger is not null:
                    if (started.TryGetValue(e.EventId, out var start))
                    {
                        yield return (start.EventTime.ToDateTime() - trigger.EventTime.ToDateTime()).TotalMilliseconds;
                    }

                    trigger = null;
                    break;
            }
        }
    }
}

/// <summary>One run of one workflow and its events.</summary>
/// <param name="WorkflowId">Workflow id.</param>
/// <param name="RunId">Run id.</param>
/// <param name="Events">Every event of the run.</param>
internal sealed record RunHistory(string WorkflowId, string RunId, IReadOnlyList<HistoryEvent> Events)
{
    /// <summary>Workflow type name.</summary>
    public string WorkflowType => Events[0].WorkflowExecutionStartedEventAttributes.WorkflowType.Name;

    /// <summary>Serialized size of the run's history (Temporal's 50 MB limit applies to it).</summary>
    public long Bytes => Events.Sum(e => (long)e.CalculateSize());

    /// <summary>Largest single payload of the run.</summary>
    public int LargestPayload => Events.Max(HistoryCensus.LargestPayload);

    /// <summary>The event holding the largest payload, for the message when a bound is broken.</summary>
    public HistoryEvent LargestPayloadEvent => Events.MaxBy(HistoryCensus.LargestPayload)!;
}
