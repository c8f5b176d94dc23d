namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>Wakes every long poll when the state changes; each waiter re-checks its own condition.</summary>
internal sealed class ChangeSignal
{
    private TaskCompletionSource source = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Pulse"/>. Read under the state lock.</summary>
    public Task Next => source.Task;

    public void Pulse()
    {
        var old = source;
        source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }
}
