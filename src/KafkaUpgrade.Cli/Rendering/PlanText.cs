using KafkaUpgrade.Core.Planning.Upgrade;

namespace KafkaUpgrade.Cli.Rendering;

/// <summary>The human-readable form of a plan.</summary>
internal static class PlanText
{
    public static void Write(UpgradePlan plan, TextWriter w)
    {
        w.WriteLine($"Upgrade plan for cluster {plan.ClusterId}: Kafka {plan.From} ({plan.ModeBefore}) -> {plan.To} ({plan.ModeAfter}), strategy {plan.Options.Strategy}");
        w.WriteLine();
        w.WriteLine("Preflight:");
        foreach (var verdict in plan.Preflight)
        {
            w.WriteLine($"  [{(verdict.Allowed ? "ok" : "WAIT")}] {verdict.Reason}");
            foreach (var note in verdict.Notes.Take(3))
            {
                w.WriteLine($"       note: {note}");
            }
        }

        w.WriteLine();
        w.WriteLine("Hops:");
        for (var i = 0; i < plan.Hops.Count; i++)
        {
            var hop = plan.Hops[i];
            var gate = hop.NeedsApproval ? "  [approval required: rollback boundary]" : string.Empty;
            w.WriteLine($"  {i + 1}. {hop.Hop}{gate}");
            w.WriteLine($"     why:  {hop.Hop.Reason}");
            w.WriteLine($"     does: {hop.Summary}");
            if (hop.BytesMoved > 0)
            {
                w.WriteLine($"     moves {hop.PartitionsMoved:N0} partition(s), {Format.Bytes(hop.BytesMoved)}");
            }

            w.WriteLine($"     estimate: {Format.Duration(hop.Estimate)}");
            foreach (var verdict in hop.Verdicts.Where(v => !v.Allowed))
            {
                w.WriteLine($"     [WAIT] {verdict.Reason}");
            }

            foreach (var note in hop.Verdicts.SelectMany(v => v.Notes).Distinct().Take(3))
            {
                w.WriteLine($"     note: {note}");
            }
        }

        if (plan.Warnings.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Warnings:");
            foreach (var warning in plan.Warnings)
            {
                w.WriteLine($"  - {warning}");
            }
        }

        w.WriteLine();
        w.WriteLine($"Total: {Format.Bytes(plan.BytesMoved)} to move, estimated {Format.Duration(plan.Estimate)} (approval waits not included).");
        w.WriteLine(plan.ReadyToStart ? "Ready to start." : "Not ready to start: a preflight check fails (see above).");
    }
}
