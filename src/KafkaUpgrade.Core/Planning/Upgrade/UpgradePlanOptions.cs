namespace KafkaUpgrade.Core.Planning.Upgrade;

/// <summary>Operator choices for planning (and later running) an upgrade.</summary>
/// <param name="Strategy">How software steps run.</param>
/// <param name="ReplacementBatchSize">Node replacement: most old brokers drained at once (Aiven: 6).</param>
/// <param name="RestartBatchSize">Rolling restarts: most brokers sharing no partition restarted together.</param>
/// <param name="ThrottleBytesPerSecond">Replication throttle per broker during moves (Kafka's <c>*.replication.throttled.rate</c>).</param>
/// <param name="EstimatedRestartTime">Estimate of one broker's stop, start, log recovery and ISR catch-up, for the ETA.</param>
public sealed record UpgradePlanOptions(
    UpgradeStrategy Strategy = UpgradeStrategy.NodeReplacement,
    int ReplacementBatchSize = Reassignment.ReassignmentPlanner.DefaultBatchSize,
    int RestartBatchSize = 1,
    long ThrottleBytesPerSecond = 100L * 1024 * 1024,
    TimeSpan? EstimatedRestartTime = null)
{
    /// <summary>Default restart estimate: two minutes per broker batch (MSK reports about 2 minutes of client impact per broker).</summary>
    public static readonly TimeSpan DefaultRestartTime = TimeSpan.FromMinutes(2);

    /// <summary>The restart estimate in effect.</summary>
    public TimeSpan RestartTime => EstimatedRestartTime ?? DefaultRestartTime;

    /// <summary>Throws <see cref="PlanningException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (ReplacementBatchSize < 1)
        {
            throw new PlanningException($"Replacement batch size must be at least 1, was {ReplacementBatchSize}.");
        }

        if (RestartBatchSize < 1)
        {
            throw new PlanningException($"Restart batch size must be at least 1, was {RestartBatchSize}.");
        }

        if (ThrottleBytesPerSecond < 1)
        {
            throw new PlanningException($"Replication throttle must be positive, was {ThrottleBytesPerSecond} B/s.");
        }
    }
}
