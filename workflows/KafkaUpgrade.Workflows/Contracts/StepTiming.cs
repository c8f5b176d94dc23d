namespace KafkaUpgrade.Workflows.Contracts;

/// <summary>
/// How often workflows poll the cluster and how long a gate may wait before it reports a stall. Seconds in
/// production, milliseconds in the demo; waits are durable timers either way.
/// </summary>
/// <param name="PollIntervalMs">Time between two checks of a condition.</param>
/// <param name="StallAfterMs">No progress for this long is reported as a stall (the workflow keeps waiting).</param>
public sealed record StepTiming(int PollIntervalMs = 10_000, int StallAfterMs = 600_000)
{
    /// <summary>Poll interval as a span.</summary>
    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(PollIntervalMs);
}
