namespace KafkaUpgrade.Core.Planning.Upgrade;

/// <summary>
/// The least time a plan can take whatever the orchestration does: its data copied at the throttle (per batch, the
/// busiest receiving broker) plus its restarts' and provisionings' own time, one after another as the plan orders
/// them. Waits, polls, health gates, ISR catch-up and data written during the run are all left out, so a run's
/// duration minus this bound is the orchestration's overhead (and the traffic's growth) above the floor.
/// </summary>
/// <param name="Transfer">Data to move at the throttle.</param>
/// <param name="Restarts">Restarts and provisionings in sequence.</param>
public sealed record PlanLowerBound(TimeSpan Transfer, TimeSpan Restarts)
{
    /// <summary>The bound: transfer plus restarts.</summary>
    public TimeSpan Total => Transfer + Restarts;

    /// <summary>The bound for <paramref name="plan"/> with nodes that stop, start and provision as <paramref name="nodes"/> says.</summary>
    public static PlanLowerBound Of(UpgradePlan plan, NodeTimeModel nodes)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(nodes);
        var transfer = plan.Hops.Aggregate(TimeSpan.Zero, (sum, h) => sum + h.TransferTime);
        var restarts = plan.Hops.Aggregate(TimeSpan.Zero, (sum, h) => sum + (h.RestartRounds * nodes.Restart) + (h.ProvisionRounds * nodes.NewNode));
        return new PlanLowerBound(transfer, restarts);
    }
}
