namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>
/// Wakes the long polls waiting on one thing (a task queue, a run, the server's state) when it changes; each waiter
/// re-checks its own condition. Used under the state lock. Costs nothing while nobody waits: the task a waiter
/// awaits is made only when one asks for it.
/// </summary>
internal sealed class ChangeSignal
{
    private TaskCompletionSource? source;

    /// <summary>Completes at the next <see cref="Pulse"/>. Read under the state lock.</summary>
    public Task Next => (source ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Pulse()
    {
        var old = source;
        source = null;
        old?.TrySetResult();
    }
}
