namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>
/// FIFO task queues per namespace and name; entries are checked against the run state when taken. Each queue has its
/// own <see cref="ChangeSignal"/>, so adding a task wakes only that queue's pollers (a poll's result depends on nothing
/// but its queue: a task becomes takeable only by being added).
/// </summary>
internal sealed class TaskQueues
{
    private readonly Dictionary<string, TaskQueue> workflowQueues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskQueue> activityQueues = new(StringComparer.Ordinal);

    public void AddWorkflowTask(string ns, string queue, QueuedTask task) => Get(workflowQueues, ns, queue).Add(task);

    public void AddActivityTask(string ns, string queue, QueuedTask task) => Get(activityQueues, ns, queue).Add(task);

    public Queue<QueuedTask> WorkflowQueue(string ns, string queue) => Get(workflowQueues, ns, queue).Tasks;

    public Queue<QueuedTask> ActivityQueue(string ns, string queue) => Get(activityQueues, ns, queue).Tasks;

    /// <summary>Pulsed when a task is added to the workflow queue.</summary>
    public ChangeSignal WorkflowSignal(string ns, string queue) => Get(workflowQueues, ns, queue).Added;

    /// <summary>Pulsed when a task is added to the activity queue.</summary>
    public ChangeSignal ActivitySignal(string ns, string queue) => Get(activityQueues, ns, queue).Added;

    public int ActivityBacklog(string ns, string queue) => Get(activityQueues, ns, queue).Tasks.Count;

    private static TaskQueue Get(Dictionary<string, TaskQueue> queues, string ns, string queue)
    {
        var key = ns + "\n" + queue;
        if (!queues.TryGetValue(key, out var q))
        {
            q = new TaskQueue();
            queues[key] = q;
        }

        return q;
    }

    private sealed class TaskQueue
    {
        public Queue<QueuedTask> Tasks { get; } = new();

        public ChangeSignal Added { get; } = new();

        public void Add(QueuedTask task)
        {
            Tasks.Enqueue(task);
            Added.Pulse();
        }
    }
}

/// <summary>A reference to a workflow task, activity attempt or query of a run.</summary>
internal sealed record QueuedTask(string RunId, long ScheduledEventId, int Attempt, string? QueryId = null);
