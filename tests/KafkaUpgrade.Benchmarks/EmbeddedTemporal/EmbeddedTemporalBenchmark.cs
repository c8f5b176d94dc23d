using System.Diagnostics;
using System.Globalization;
using KafkaUpgrade.EmbeddedTemporal;
using Temporalio.Client;
using Temporalio.Worker;

namespace KafkaUpgrade.Benchmarks.EmbeddedTemporal;

/// <summary>
/// Starts N workflows of 10 sequential activities at once against the embedded server (in this process, with the worker)
/// and prints completed workflows per second, p50/p99 workflow latency and the process's peak memory.
/// Usage: embedded-temporal [--quick] [--workflows N] [--address host:port to use a real Temporal instead].
/// </summary>
public static class EmbeddedTemporalBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var workflows = Options.Int(args, "--workflows") ?? (quick ? 20 : 100);
        const int steps = 10;
        await using var temporal = await BenchmarkTemporal.StartAsync(Options.String(args, "--address"));
        var client = temporal.Client;
        var queue = $"benchmark-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue)
        {
            MaxConcurrentActivities = 100,
            MaxConcurrentWorkflowTasks = 100,
        }.AddActivity(BenchmarkActivities.Step).AddWorkflow<BenchmarkWorkflow>());
        var latencies = new double[workflows];
        var total = Stopwatch.StartNew();
        await worker.ExecuteAsync(async () =>
        {
            await Task.WhenAll(Enumerable.Range(0, workflows).Select(async i =>
            {
                var watch = Stopwatch.StartNew();
                var result = await client.ExecuteWorkflowAsync(
                    (BenchmarkWorkflow w) => w.RunAsync(steps),
                    new WorkflowOptions($"benchmark-{i}-{Guid.NewGuid():N}", queue));
                if (result != 45)
                {
                    throw new InvalidOperationException($"workflow {i} returned {result}, expected 45");
                }

                latencies[i] = watch.Elapsed.TotalMilliseconds;
            }));
        });
        total.Stop();
        Array.Sort(latencies);
        var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"embedded-temporal: {workflows} workflows x {steps} sequential activities, started at once on {temporal.Description}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  completed workflows/s : {workflows / total.Elapsed.TotalSeconds:F1} (all done in {total.Elapsed.TotalSeconds:F2} s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  workflow latency p50  : {Measurement.Percentile(latencies, 0.50):F0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  workflow latency p99  : {Measurement.Percentile(latencies, 0.99):F0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  peak working set      : {peakMb:F0} MB (server, worker and client share this process; target for the server < 300 MB)"));
        return 0;
    }
}
