using System.Globalization;
using KafkaUpgrade.Cli.Rehearsal;

namespace KafkaUpgrade.Cli.Rendering;

/// <summary>A rehearsal's or the demo's report as text.</summary>
internal static class ReportText
{
    public static void Write(RehearsalReport r, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Result: {r.Status.ToUpperInvariant()} - {r.Summary}");
        output.WriteLine($"  cluster {r.ClusterId}: Kafka {r.FromVersion} ({r.InitialMetadataMode}) -> {r.ToVersion} ({r.FinalMetadataMode}{(r.FinalMetadataVersion is null ? string.Empty : $", {r.FinalMetadataVersion}")}), {r.Brokers} brokers running");
        if (r.Hops.Count > 0)
        {
            output.WriteLine($"  hops: {string.Join(" | ", r.Hops)}");
        }

        output.WriteLine($"  moved {r.PartitionsMoved} partition(s), {Format.Bytes(r.BytesMoved)}; replication throttle {(r.ThrottleCleared ? "cleared" : "LEFT BEHIND")}");
        output.WriteLine($"  writes acknowledged {r.AckedWrites:N0}, lost {r.LostAckedWrites}; minISR violations {r.MinIsrViolations}; unsafe removals {r.UnsafeRemovals}");
        output.WriteLine(r.PartitionsUnavailable == 0
            ? "  every partition stayed writable (acks=all) throughout"
            : string.Create(CultureInfo.InvariantCulture, $"  {r.PartitionsUnavailable} partition(s) were unwritable for a while (longest {r.MaxPartitionUnavailableSeconds:0.#} s simulated: {string.Join(", ", r.LongestUnavailable.Take(3).Select(p => $"{p.Partition} {p.Seconds:0.#} s"))}); replication factor 1 partitions cannot avoid this during a restart"));
        foreach (var e in r.SafetyEvents)
        {
            output.WriteLine($"  safety: {e}");
        }

        if (r.Binding == "kafka-protocol")
        {
            output.WriteLine("  the workers drove the cluster over Kafka's protocol (the kafka adapter) and provisioned nodes through command hooks");
        }

        if (r.WorkerKills > 0)
        {
            output.WriteLine($"  worker processes killed with SIGKILL: {r.WorkerKills}; each time a new one took over where the upgrade was");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  took {Format.Duration(TimeSpan.FromSeconds(r.SimulatedSeconds))} of simulated time in {r.WallSeconds:0.0} s real time"));
        if (r.LowerBoundSeconds is { } bound && r.OverheadSeconds is { } overhead)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  lower bound for this plan {Format.Duration(TimeSpan.FromSeconds(bound))} (data at the throttle across the receiving brokers, plus the restarts' own time); orchestration overhead above it {Format.Duration(TimeSpan.FromSeconds(Math.Max(0, overhead)))}"));
        }
        output.WriteLine("  approval gates (rollback boundaries) were approved automatically in this run; a real run waits for 'kafka-upgrade approve'");
    }
}
