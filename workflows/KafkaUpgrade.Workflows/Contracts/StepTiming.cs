namespace KafkaUpgrade.Workflows.Contracts;

/// <summary>
/// How often workflows poll the cluster and how long a gate may wait before it reports a stall. Seconds in
/// production, milliseconds in the demo; waits are durable timers either way.
/// </summary>
/// <param name="PollIntervalMs">Time between two checks of a condition.</param>
/// <param name="StallAfterMs">No progress for this long is reported as a stall (the workflow keeps waiting).</param>
/// <param name="ActivityTimeoutMs">Start-to-close timeout of each activity call: how long Temporal waits before it
/// retries a call whose worker died. Above the admin client's own timeout (Kafka's default.api.timeout.ms is 60 s)
/// in production; a few seconds against the simulator, whose calls take milliseconds.</param>
/// <param name="MaxWaitPerCallMs">Longest one waiting activity call lasts (<see cref="Activities.WaitActivities"/>)
/// before the workflow hears the reason as it stands: an hour, so a gate held for a month costs a few thousand
/// events, not millions.</param>
public sealed record StepTiming(int PollIntervalMs = 10_000, int StallAfterMs = 600_000, int ActivityTimeoutMs = 120_000, int MaxWaitPerCallMs = 3_600_000)
{
    /// <summary>Poll interval as a span.</summary>
    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(PollIntervalMs);

    /// <summary>Activity start-to-close timeout as a span.</summary>
    public TimeSpan ActivityTimeout => TimeSpan.FromMilliseconds(ActivityTimeoutMs);
}
