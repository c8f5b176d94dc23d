namespace KafkaUpgrade.Simulation.Adapters;

/// <summary>A real client stops at a cancelled token before sending anything; so do the simulated ports.</summary>
internal static class CancellableResult
{
    public static Task<T> From<T>(Func<T> read, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        return Task.FromResult(read());
    }
}
