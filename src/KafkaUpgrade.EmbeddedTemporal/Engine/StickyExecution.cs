namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>
/// A run's sticky task queue: the worker that completed its last workflow task still caches it, so the next task goes
/// to that worker's own queue with only the new events. Set from the completion's StickyAttributes and cleared on a
/// workflow task failure or timeout, a reset, or a task started from the normal queue, as Temporal's mutable state
/// does (history service, workflow_task_state_machine.go failWorkflowTask / ClearStickyTaskQueue).
/// </summary>
internal sealed record StickyExecution(string Queue, TimeSpan ScheduleToStartTimeout)
{
    /// <summary>How long a sticky queue counts as served after its last poll (Temporal matching's stickyPollerUnavailableWindow).</summary>
    public static readonly TimeSpan PollerUnavailableWindow = TimeSpan.FromSeconds(10);

    /// <summary>The schedule-to-start timeout when the worker gives none (the SDKs' default).</summary>
    public static readonly TimeSpan DefaultScheduleToStartTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The sticky queue a completion asks for, or null when it asks for none.</summary>
    public static StickyExecution? From(Temporalio.Api.TaskQueue.V1.StickyExecutionAttributes? attributes)
    {
        var name = attributes?.WorkerTaskQueue?.Name;
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var timeout = Clock.Span(attributes!.ScheduleToStartTimeout);
        return new StickyExecution(name, timeout > TimeSpan.Zero ? timeout : DefaultScheduleToStartTimeout);
    }
}
