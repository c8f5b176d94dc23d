namespace KafkaUpgrade.Simulation;

/// <summary>Simulated time in milliseconds since the simulation started; only <see cref="KafkaSimulator.Step"/> moves it.</summary>
public sealed class VirtualClock
{
    /// <summary>Milliseconds since the start.</summary>
    public long NowMs { get; private set; }

    /// <summary>Simulated time elapsed.</summary>
    public TimeSpan Elapsed => TimeSpan.FromMilliseconds(NowMs);

    internal void Advance(long ms) => NowMs += ms;
}
