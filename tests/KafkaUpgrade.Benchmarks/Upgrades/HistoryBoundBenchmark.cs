using System.Diagnostics;
using System.Globalization;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.EmbeddedTemporal;
using KafkaUpgrade.Worker.Composition;
using KafkaUpgrade.Workflows;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Support;
using KafkaUpgrade.Workflows.Tests.EndToEnd.Scale;
using Temporalio.Client;

namespace KafkaUpgrade.Benchmarks.Upgrades;

/// <summary>
/// The full-size history bound run that is too slow for CI (the test runs the protocol roll rack by rack and the
/// one-broker-at-a-time roll on a 40-broker cluster): 200 brokers / 100,000 partitions, node replacement in batches
/// of 6, then the protocol bump one broker at a time (200 batches), against the cheap cluster model. Prints every
/// run's events, history size and largest payload. Usage: history-bound [--address host:port] [--poll-ms 10].
/// </summary>
internal static class HistoryBoundBenchmark
{
    private const int MaxEventsPerRun = 10_000;
    private const int WarnPayloadBytes = 512 * 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        // The model's clock counts calls, not time (a restarted node runs after 3 calls, rejoins the ISRs after 3
        // descriptions), so the poll interval is pure waiting: 10 ms by default, --poll-ms to see its share.
        var pollMs = Options.Int(args, "--poll-ms") ?? 10;
        var wall = Stopwatch.StartNew();
        await using var temporal = await BenchmarkTemporal.StartAsync(Options.String(args, "--address"));
        var client = temporal.Client;
        await using var harness = new LargeClusterHarness(client);
        var input = new ClusterUpgradeInput(harness.ClusterId, "3.9", UpgradeStrategy.NodeReplacement, ReplacementBatchSize: 6, RestartBatchSize: 1,
            Timing: new StepTiming(PollIntervalMs: pollMs, StallAfterMs: 600_000), PreApproved: true);
        var handle = await client.StartWorkflowAsync(
            (ClusterUpgradeWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(WorkflowIds.ForCluster(harness.ClusterId), harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(30) });
        var result = await handle.GetResultAsync();
        var upgraded = wall.Elapsed;
        var runs = await HistoryCensus.CollectAsync(client, handle.Id, handle.FirstExecutionRunId ?? handle.ResultRunId!);

        Line($"history-bound: {harness.Initial.Brokers.Count()} brokers, {harness.Initial.PartitionCount:N0} partitions, replacement in batches of 6 then the protocol roll one broker at a time, polls every {pollMs} ms ({temporal.Description})");
        Line($"  outcome {result.Outcome} in {upgraded.TotalSeconds:F1} s: {result.Summary}");
        foreach (var group in runs.GroupBy(r => r.WorkflowId))
        {
            var first = group.First();
            Line($"  {first.WorkflowType,-16} {group.Key}: {group.Count()} run(s), events per run {string.Join(", ", group.Select(r => r.Events.Count))}, largest payload {group.Max(r => r.LargestPayload):N0} B, largest history {group.Max(r => r.Bytes) / 1024.0:F0} KB");
        }

        var largest = runs.MaxBy(r => r.LargestPayload)!;
        Line($"  {runs.Count} runs, {runs.Sum(r => r.Events.Count):N0} events in all; largest run {runs.Max(r => r.Events.Count):N0} events (bound {MaxEventsPerRun:N0}); largest payload {largest.LargestPayload:N0} B in {largest.LargestPayloadEvent.EventType} (warning level {WarnPayloadBytes:N0} B, limit 2 MB)");
        Line($"  garbage collections {GC.CollectionCount(0)} gen0, {GC.CollectionCount(1)} gen1, {GC.CollectionCount(2)} gen2, paused {GC.GetTotalPauseDuration().TotalSeconds:F1} s in all; {GC.GetTotalAllocatedBytes() / (1024.0 * 1024 * 1024):F1} GB allocated");
        foreach (var line in TimeBreakdown.Lines(runs))
        {
            Console.WriteLine(line);
        }

        return result.Outcome == OperationOutcome.Completed && runs.All(r => r.Events.Count < MaxEventsPerRun && r.LargestPayload < WarnPayloadBytes) ? 0 : 1;
    }

    private static void Line(FormattableString text) => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));
}
