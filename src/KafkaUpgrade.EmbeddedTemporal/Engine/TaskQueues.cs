namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>FIFO task queues per namespace and name; entries are checked against the run state when taken.</summary>
internal sealed class TaskQueues
{
    private readonly Dictionary<string, Queue<QueuedTask>> workflowQueues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<QueuedTask>> activityQueues = new(StringComparer.Ordinal);

    public void AddWorkflowTask(string ns, string queue, QueuedTask task) => Get(workflowQueues, ns, queue).Enqueue(task);

    public void AddActivityTask(string ns, string queue, QueuedTask task) => Get(activityQueues, ns, queue).Enqueue(task);

    public Queue<QueuedTask> WorkflowQueue(string ns, string queue) => Get(workflowQueues, ns, queue);

    public Queue<QueuedTask> ActivityQueue(string ns, string queue) => Get(activityQueues, ns, queue);

    public int ActivityBacklog(string ns, string queue) => Get(activityQueues, ns, queue).Count;

    private static Queue<QueuedTask> Get(Dictionary<string, Queue<QueuedTask>> queues, string ns, string queue)
    {
        var key = ns + "\n" + queue;
        if (!queues.TryGetValue(key, out var q))
        {
            q = new Queue<QueuedTask>();
            queues[key] = q;
        }

        return q;
    }
}

/// <summary>A reference to a workflow task, activity attempt or query of a run.</summary>
internal sealed record QueuedTask(string RunId, long ScheduledEventId, int Attempt, string? QueryId = null);
