using System.Globalization;
using KafkaUpgrade.Workflows.Tests.EndToEnd.Scale;
using Temporalio.Api.Enums.V1;

namespace KafkaUpgrade.Benchmarks.Upgrades;

/// <summary>
/// Where a long run's time went, read from its histories' own event times: per activity type, how many ran, how
/// long they took from start to completion (the worker's work), and how long they waited from schedule to start
/// (the server's and the poll's latency); and the same for workflow tasks. Sums over every run of the operation.
/// </summary>
internal static class TimeBreakdown
{
    public static IEnumerable<string> Lines(IReadOnlyList<RunHistory> runs)
    {
        var rows = new Dictionary<string, (int Count, double RunMs, double QueueMs)>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var byId = run.Events.ToDictionary(e => e.EventId);
            foreach (var e in run.Events)
            {
                switch (e.EventType)
                {
                    case EventType.ActivityTaskCompleted or EventType.ActivityTaskFailed:
                        var (scheduledId, startedId) = e.EventType == EventType.ActivityTaskCompleted
                            ? (e.ActivityTaskCompletedEventAttributes.ScheduledEventId, e.ActivityTaskCompletedEventAttributes.StartedEventId)
                            : (e.ActivityTaskFailedEventAttributes.ScheduledEventId, e.ActivityTaskFailedEventAttributes.StartedEventId);
                        var scheduled = byId[scheduledId];
                        Add(rows, $"{run.WorkflowType}: {scheduled.ActivityTaskScheduledEventAttributes.ActivityType.Name}", scheduled, byId[startedId], e);
                        break;
                    case EventType.TimerFired:
                        // A timer has no "started" step: its whole wait counts as run time.
                        var timer = byId[e.TimerFiredEventAttributes.StartedEventId];
                        Add(rows, $"{run.WorkflowType}: timer", timer, timer, e);
                        break;
                    case EventType.WorkflowTaskCompleted:
                        var attributes = e.WorkflowTaskCompletedEventAttributes;
                        Add(rows, $"{run.WorkflowType}: workflow task", byId[attributes.ScheduledEventId], byId[attributes.StartedEventId], e);
                        break;
                }
            }
        }

        yield return "  where the time went (sum over runs; queue = scheduled to started, run = started to closed):";
        foreach (var (name, row) in rows.OrderByDescending(r => r.Value.RunMs + r.Value.QueueMs))
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"    {name,-52} {row.Count,6} x  run {row.RunMs / 1000,7:F1} s ({row.RunMs / row.Count,6:F1} ms each)  queue {row.QueueMs / 1000,6:F1} s ({row.QueueMs / row.Count,5:F1} ms each)");
        }
    }

    private static void Add(Dictionary<string, (int Count, double RunMs, double QueueMs)> rows, string name,
        Temporalio.Api.History.V1.HistoryEvent scheduled, Temporalio.Api.History.V1.HistoryEvent started, Temporalio.Api.History.V1.HistoryEvent closed)
    {
        rows.TryGetValue(name, out var row);
        rows[name] = (row.Count + 1,
            row.RunMs + (closed.EventTime.ToDateTime() - started.EventTime.ToDateTime()).TotalMilliseconds,
            row.QueueMs + (started.EventTime.ToDateTime() - scheduled.EventTime.ToDateTime()).TotalMilliseconds);
    }
}
