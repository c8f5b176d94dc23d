using KafkaUpgrade.EmbeddedTemporal.Persistence;
using KafkaUpgrade.EmbeddedTemporal.Rpc;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>All server state behind one lock: runs, queues, namespaces, and the signal that wakes long polls.</summary>
internal sealed class ServerState(IRunStore store)
{
    private readonly Dictionary<string, WorkflowRun> runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkflowRun> latestByWorkflowId = new(StringComparer.Ordinal);
    private readonly HashSet<WorkflowRun> dirty = [];
    private bool namespacesChanged;
    private bool changed;

    public object Gate { get; } = new();
    /// <summary>Pulsed by a <see cref="Commit"/> that changed something.</summary>
    public ChangeSignal Changes { get; } = new();
    public NamespaceRegistry Namespaces { get; } = new();
    public TaskQueues Queues { get; } = new();
    public Pollers Pollers { get; } = new();
    public Dictionary<string, QueryState> Queries { get; } = new(StringComparer.Ordinal);
    public IRunStore Store => store;

    public IEnumerable<WorkflowRun> Runs => runs.Values;

    public IEnumerable<WorkflowRun> OpenRuns => runs.Values.Where(r => r.IsOpen);

    public void Add(WorkflowRun run)
    {
        runs[run.RunId] = run;
        latestByWorkflowId[Key(run.Namespace, run.WorkflowId)] = run;
        Touch(run);
    }

    /// <summary>Forgets a closed run: memory and store (DeleteWorkflowExecution).</summary>
    public void Remove(WorkflowRun run)
    {
        runs.Remove(run.RunId);
        dirty.Remove(run);
        var key = Key(run.Namespace, run.WorkflowId);
        if (latestByWorkflowId.TryGetValue(key, out var latest) && latest == run)
        {
            var previous = runs.Values.Where(r => r.Namespace == run.Namespace && r.WorkflowId == run.WorkflowId).MaxBy(r => r.StartTime);
            if (previous is null)
            {
                latestByWorkflowId.Remove(key);
            }
            else
            {
                latestByWorkflowId[key] = previous;
            }
        }

        store.Delete(run.RunId);
        run.Changes.Pulse();
        changed = true;
    }

    public WorkflowRun? Latest(string ns, string workflowId) =>
        latestByWorkflowId.TryGetValue(Key(ns, workflowId), out var run) ? run : null;

    public WorkflowRun? ByRunId(string runId) => runs.TryGetValue(runId, out var run) ? run : null;

    /// <summary>The run an execution names (latest when the run id is empty), or Temporal's NOT_FOUND.</summary>
    public WorkflowRun Find(string ns, string workflowId, string? runId)
    {
        if (string.IsNullOrEmpty(workflowId))
        {
            throw RpcErrors.InvalidArgument("WorkflowId is not set on request.");
        }

        var run = string.IsNullOrEmpty(runId) ? Latest(ns, workflowId) : ByRunId(runId);
        if (run is null || run.Namespace != ns || run.WorkflowId != workflowId)
        {
            throw RpcErrors.NotFound($"workflow not found for ID: {workflowId}");
        }

        return run;
    }

    /// <summary>Marks the namespaces (or their search attributes) changed, so they are persisted.</summary>
    public void NamespacesChanged() => namespacesChanged = true;

    /// <summary>Marks a run changed: persisted, and long polls woken, when the operation ends.</summary>
    public void Touch(WorkflowRun run)
    {
        dirty.Add(run);
        run.Changes.Pulse();
    }

    /// <summary>True when an operation changed something that <see cref="Commit"/> must persist.</summary>
    public bool HasChanges => dirty.Count > 0 || namespacesChanged;

    /// <summary>
    /// Ends an operation (call under the lock): persist what changed and wake the waiters on <see cref="Changes"/>.
    /// A read-only operation changed nothing and wakes nobody. Task polls and history polls do not wait here: a task
    /// added to a queue wakes that queue's pollers (<see cref="TaskQueues"/>), a run that changes wakes the polls on
    /// its history (<see cref="WorkflowRun.Changes"/>); what is left (update waits) depends on runs, which are touched.
    /// </summary>
    public void Commit()
    {
        if (dirty.Count > 0 || namespacesChanged)
        {
            foreach (var run in dirty)
            {
                EnqueueReadyTasks(run);
            }

            store.Save(dirty, Namespaces);
            namespacesChanged = false;
            dirty.Clear();
            changed = true;
        }

        if (changed)
        {
            changed = false;
            Changes.Pulse();
        }
    }

    private void EnqueueReadyTasks(WorkflowRun run)
    {
        if (!run.IsOpen)
        {
            return;
        }

        if (run.Task == WorkflowTaskStage.Scheduled && !run.TaskEnqueued)
        {
            // A sticky queue nobody polled lately has lost its worker: Temporal's matching answers StickyWorkerUnavailable
            // and the history service pushes the task to the normal queue instead (transfer queue, processWorkflowTask).
            if (run.TaskSticky is { } sticky && !Pollers.IsServed(run.Namespace, sticky.Queue, PollKind.Workflow, Clock.Now, StickyExecution.PollerUnavailableWindow))
            {
                run.TaskSticky = null;
            }

            Queues.AddWorkflowTask(run.Namespace, run.TaskSticky?.Queue ?? run.TaskQueue, new QueuedTask(run.RunId, run.TaskScheduledEventId, run.TaskAttempt));
            run.TaskEnqueued = true;
        }

        foreach (var activity in run.Activities.Values.Where(a => a.State == ActivityState.Scheduled && !a.Enqueued))
        {
            Queues.AddActivityTask(run.Namespace, activity.Attributes.TaskQueue.Name, new QueuedTask(run.RunId, activity.ScheduledEventId, activity.Attempt));
            activity.Enqueued = true;
        }
    }

    private static string Key(string ns, string workflowId) => ns + "\n" + workflowId;
}
