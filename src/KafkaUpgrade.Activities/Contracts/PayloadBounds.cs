using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Core.Safety;

namespace KafkaUpgrade.Activities.Contracts;

/// <summary>
/// Keeps what activities return small whatever the cluster's size: every result lands in workflow history, where
/// Temporal refuses a payload over 2 MB (and warns from 512 KB). A gate refusing because 100,000 partitions are
/// under-replicated would otherwise list all of them (about 1.6 MB, more with longer topic names), on every poll.
/// The verdict's reason already gives the count and the first few; workflows only read <c>Allowed</c> and <c>Reason</c>.
/// </summary>
public static class PayloadBounds
{
    /// <summary>Most blockers, notes or refusals one result lists; the rest are counted in a last item.</summary>
    public const int MaxListedItems = 20;

    /// <summary>The verdict with at most <see cref="MaxListedItems"/> blockers and notes.</summary>
    public static GateVerdict Bounded(GateVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return verdict.Blockers.Count <= MaxListedItems && verdict.Notes.Count <= MaxListedItems
            ? verdict
            : verdict with { Blockers = Bounded(verdict.Blockers), Notes = Bounded(verdict.Notes) };
    }

    /// <summary>The plan with every verdict bounded (pre-flight checks and each hop's).</summary>
    public static UpgradePlan Bounded(UpgradePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan with
        {
            Preflight = [.. plan.Preflight.Select(Bounded)],
            Hops = [.. plan.Hops.Select(h => h with { Verdicts = [.. h.Verdicts.Select(Bounded)] })],
        };
    }

    /// <summary>The first <see cref="MaxListedItems"/> items, then <c>… and N more</c>.</summary>
    public static IReadOnlyList<string> Bounded(IReadOnlyList<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.Count <= MaxListedItems
            ? items
            : [.. items.Take(MaxListedItems), $"... and {items.Count - MaxListedItems} more"];
    }
}
