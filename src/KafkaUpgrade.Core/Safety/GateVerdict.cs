namespace KafkaUpgrade.Core.Safety;

/// <summary>
/// A safety gate's answer: may the step go ahead, and why (or why not) in words an operator can act on.
/// </summary>
/// <param name="Allowed">True when the step is safe now.</param>
/// <param name="Reason">One sentence: what was checked and what decided.</param>
/// <param name="Blockers">The items that block (partitions, nodes), empty when allowed.</param>
/// <param name="Notes">Things the operator should know even when allowed (e.g. partitions that will be unwritable anyway).</param>
public sealed record GateVerdict(bool Allowed, string Reason, IReadOnlyList<string> Blockers, IReadOnlyList<string> Notes)
{
    /// <summary>How many blockers a reason names before summarising the rest.</summary>
    public const int BlockersShownInReason = 5;

    /// <summary>The step may go ahead.</summary>
    public static GateVerdict Allow(string reason, IReadOnlyList<string>? notes = null) => new(true, reason, [], notes ?? []);

    /// <summary>The step must wait; <paramref name="blockers"/> are named in the reason (the first few) and listed in full.</summary>
    public static GateVerdict Refuse(string reason, IReadOnlyList<string> blockers, IReadOnlyList<string>? notes = null) =>
        new(false, blockers.Count == 0 ? reason : $"{reason}: {Summarise(blockers)}", blockers, notes ?? []);

    /// <summary><c>a, b, c, d, e and 12 more</c>.</summary>
    public static string Summarise(IReadOnlyList<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var shown = string.Join(", ", items.Take(BlockersShownInReason));
        return items.Count > BlockersShownInReason ? $"{shown} and {items.Count - BlockersShownInReason} more" : shown;
    }

    /// <summary><c>allowed: reason</c> or <c>refused: reason</c>.</summary>
    public override string ToString() => $"{(Allowed ? "allowed" : "refused")}: {Reason}";
}
