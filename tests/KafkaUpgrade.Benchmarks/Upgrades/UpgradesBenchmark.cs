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
using Temporalio.Worker;

namespace KafkaUpgrade.Benchmarks.Upgrades;

/// <summary>
/// One worker (the product's workflows and activities) drives N concurrent <c>ClusterUpgrade</c> runs, each a rolling
/// upgrade of its own simulated sample cluster to 3.9 (software roll, then the protocol bump) under producer traffic,
/// against the embedded Temporal server or a real one. Prints orchestration latency (from an activity completing, a
/// timer firing or a child finishing to the start of the next activity, from history timestamps), history events per
/// upgrade (children and continued runs included), completed upgrades, wall time and peak working set.
/// Usage: upgrades [--clusters N (20; --quick: 3)] [--speed X (500 up to 3 clusters, else 100)] [--address host:port].
/// </summary>
internal static class UpgradesBenchmark
{
    private static readonly StepTiming Timing = new(PollIntervalMs: 100, StallAfterMs: 600_000);

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var clusters = Options.Int(args, "--clusters") ?? (quick ? 3 : 20);
        // Each simulator with traffic costs about a core per 600x (README): 20 at 500x would starve the worker and
        // measure CPU contention instead of orchestration.
        var speed = Options.Double(args, "--speed") ?? (clusters <= 3 ? 500 : 100);
        var wall = Stopwatch.StartNew();
        await using var temporal = await BenchmarkTemporal.StartAsync(Options.String(args, "--address"));
        var client = temporal.Client;
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var fleet = new SimulatedFleet(clusters, speed, tag);
        var queue = $"bench-upgrades-{tag}";
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue) { MaxConcurrentActivities = 100, MaxConcurrentWorkflowTasks = 100 }.AddKafkaUpgrade(fleet.Registry));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"upgrades: {clusters} ClusterUpgrade runs at once (rolling, sample cluster 3.8 ZooKeeper -> 3.9, restart batches of 3, traffic on every partition, simulators at {speed}x) on {temporal.Description}"));

        var upgrades = new List<(string ClusterId, WorkflowHandle<ClusterUpgradeWorkflow, OperationResult> Handle, OperationResult? Result, TimeSpan Took)>();
        var started = Stopwatch.StartNew();
        var upgradeWall = TimeSpan.Zero;
        await worker.ExecuteAsync(async () =>
        {
            var runs = fleet.Simulators.Keys.Select(async id =>
            {
                var input = new ClusterUpgradeInput(id, "3.9", UpgradeStrategy.RollingUpgrade, RestartBatchSize: 3, Timing: Timing, PreApproved: true);
                var handle = await client.StartWorkflowAsync(
                    (ClusterUpgradeWorkflow wf) => wf.RunAsync(input),
                    new WorkflowOptions(WorkflowIds.ForCluster(id), queue) { ExecutionTimeout = TimeSpan.FromMinutes(10) });
                var watch = Stopwatch.StartNew();
                try
                {
                    return (id, handle, (OperationResult?)await handle.GetResultAsync(), watch.Elapsed);
                }
                catch (Temporalio.Exceptions.WorkflowFailedException ex)
                {
                    await Console.Error.WriteLineAsync($"{id}: {ex.InnerException?.Message ?? ex.Message}");
                    return (id, handle, null, watch.Elapsed);
                }
            });
            upgrades.AddRange(await Task.WhenAll(runs));

            // Before the worker's graceful shutdown, which is not part of the upgrades.
            upgradeWall = started.Elapsed;
        });

        var latencies = new List<double>();
        var eventsPerUpgrade = new List<int>();
        var runsPerUpgrade = new List<int>();
        foreach (var (_, handle, _, _) in upgrades)
        {
            var histories = await HistoryCensus.CollectAsync(client, handle.Id, handle.FirstExecutionRunId ?? handle.ResultRunId!);
            eventsPerUpgrade.Add(histories.Sum(h => h.Events.Count));
            runsPerUpgrade.Add(histories.Count);
            latencies.AddRange(histories.SelectMany(h => HistoryCensus.StepLatenciesMs(h.Events)));
        }

        latencies.Sort();
        var completed = upgrades.Count(u => u.Result?.Outcome == OperationOutcome.Completed);
        var lost = fleet.Simulators.Values.Sum(s => s.CountLostAckedWrites());
        var durations = upgrades.Select(u => u.Took.TotalSeconds).Order().ToList();
        Line($"  completed upgrades          : {completed}/{clusters} (acknowledged writes lost: {lost})");
        Line($"  wall time                   : {upgradeWall.TotalSeconds:F1} s for all upgrades (upgrade p50 {Measurement.Percentile(durations, 0.5):F1} s, max {durations[^1]:F1} s); {wall.Elapsed.TotalSeconds:F1} s with setup and history census");
        Line($"  orchestration latency       : p50 {Measurement.Percentile(latencies, 0.50):F1} ms, p99 {Measurement.Percentile(latencies, 0.99):F1} ms, max {latencies[^1]:F1} ms over {latencies.Count} steps (activity done / timer fired / child done -> next activity started)");
        Line($"  history events per upgrade  : mean {eventsPerUpgrade.Average():F0}, max {eventsPerUpgrade.Max()} (over {runsPerUpgrade.Average():F1} runs: parent, children, continued runs)");
        Line($"  peak working set            : {Measurement.Mb(Measurement.PeakWorkingSetBytes())} (server, worker, {clusters} simulators and client share this process)");
        return completed == clusters && lost == 0 ? 0 : 1;
    }

    private static void Line(FormattableString text) => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));
}
