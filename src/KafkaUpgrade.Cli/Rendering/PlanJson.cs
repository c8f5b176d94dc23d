using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Core.Safety;

namespace KafkaUpgrade.Cli.Rendering;

/// <summary>The JSON shape of <c>plan --json</c>; stable field names for scripts.</summary>
internal sealed record PlanJson(
    string ClusterId,
    string FromVersion,
    string ToVersion,
    string ModeBefore,
    string ModeAfter,
    string Strategy,
    bool ReadyToStart,
    long BytesMoved,
    double EstimatedSeconds,
    IReadOnlyList<VerdictJson> Preflight,
    IReadOnlyList<HopJson> Hops,
    IReadOnlyList<string> Warnings)
{
    public static PlanJson From(UpgradePlan plan) => new(
        plan.ClusterId, plan.From.ToString(), plan.To.ToString(), plan.ModeBefore.ToString(), plan.ModeAfter.ToString(),
        plan.Options.Strategy.ToString(), plan.ReadyToStart, plan.BytesMoved, plan.Estimate.TotalSeconds,
        plan.Preflight.Select(VerdictJson.From).ToList(),
        plan.Hops.Select(h => new HopJson(
            h.Hop.Kind.ToString(), h.Hop.FromVersion.ToString(), h.Hop.ToVersion.ToString(), h.Hop.ModeAfter.ToString(),
            h.Hop.Feature, h.Hop.FeatureAfter, h.Hop.IsRollbackBoundary, h.NeedsApproval, h.Hop.Reason, h.Summary,
            h.PartitionsMoved, h.BytesMoved, h.Batches, h.Estimate.TotalSeconds, h.Verdicts.Select(VerdictJson.From).ToList())).ToList(),
        plan.Warnings);
}

/// <summary>One hop in <c>plan --json</c>.</summary>
internal sealed record HopJson(
    string Kind, string FromVersion, string ToVersion, string ModeAfter, string? Feature, string? FeatureAfter,
    bool RollbackBoundary, bool NeedsApproval, string Reason, string Summary, int PartitionsMoved, long BytesMoved,
    int Batches, double EstimatedSeconds, IReadOnlyList<VerdictJson> Verdicts);

/// <summary>A safety verdict in JSON output.</summary>
internal sealed record VerdictJson(bool Allowed, string Reason, IReadOnlyList<string> Notes)
{
    public static VerdictJson From(GateVerdict verdict) => new(verdict.Allowed, verdict.Reason, verdict.Notes);
}
