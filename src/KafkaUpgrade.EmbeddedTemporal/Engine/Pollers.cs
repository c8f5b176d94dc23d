namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>
/// Who polls which task queue and when it last did: tells whether a sticky queue still has its worker (Temporal's
/// matching refuses a sticky task when no poller was seen within <see cref="StickyExecution.PollerUnavailableWindow"/>)
/// and lists pollers for DescribeTaskQueue. Used under the state lock.
/// </summary>
internal sealed class Pollers
{
    private readonly Dictionary<string, QueuePollers> queues = new(StringComparer.Ordinal);

    /// <summary>A poll began; pair with <see cref="End"/>.</summary>
    public void Begin(string ns, string queue, string kind, string identity, DateTime now)
    {
        var q = Get(ns, queue, kind);
        q.Active++;
        q.LastAccess[identity] = now;
    }

    public void End(string ns, string queue, string kind, string identity, DateTime now)
    {
        var q = Get(ns, queue, kind);
        q.Active--;
        q.LastAccess[identity] = now;
    }

    /// <summary>True when someone polls the queue now or did within the window.</summary>
    public bool IsServed(string ns, string queue, string kind, DateTime now, TimeSpan window)
    {
        var q = Get(ns, queue, kind);
        return q.Active > 0 || q.LastAccess.Values.Any(t => now - t < window);
    }

    /// <summary>Pollers seen on the queue, with their last access time.</summary>
    public IReadOnlyDictionary<string, DateTime> Seen(string ns, string queue, string kind) => Get(ns, queue, kind).LastAccess;

    private QueuePollers Get(string ns, string queue, string kind)
    {
        var key = ns + "\n" + queue + "\n" + kind;
        if (!queues.TryGetValue(key, out var q))
        {
            q = new QueuePollers();
            queues[key] = q;
        }

        return q;
    }

    private sealed class QueuePollers
    {
        public int Active { get; set; }

        public Dictionary<string, DateTime> LastAccess { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary>The two kinds of task a queue holds, as Temporal's TaskQueueType names them.</summary>
internal static class PollKind
{
    public const string Workflow = "workflow";
    public const string Activity = "activity";
}
