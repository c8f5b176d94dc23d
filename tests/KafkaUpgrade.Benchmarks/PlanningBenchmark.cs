using System.Diagnostics;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Reassignment;
using KafkaUpgrade.Core.Planning.Restarts;
using KafkaUpgrade.Core.Synthetic;

namespace KafkaUpgrade.Benchmarks;

/// <summary>
/// Reassignment and restart planning on the large cluster: 200 brokers, 100,000 partitions, RF 3, 3 racks.
/// Targets: each under 2 s and the process under 500 MB peak on a 2-core machine.
/// </summary>
internal static class PlanningBenchmark
{
    public static void Run(bool quick)
    {
        var spec = quick
            ? SyntheticClusterSpec.Large() with { Brokers = 30, Partitions = 10_000, Topics = 50 }
            : SyntheticClusterSpec.Large();
        var watch = Stopwatch.StartNew();
        var state = SyntheticClusterGenerator.Generate(spec);
        Console.WriteLine($"cluster: {spec.Brokers} brokers, {state.PartitionCount:N0} partitions, RF 3, {spec.Racks} racks (generated in {watch.Elapsed.TotalMilliseconds:0} ms)");

        var all = state.Brokers.Select(b => b.Id).ToList();
        var replacements = state.Brokers.Select(b => new ClusterNode(b.Id + 10_000, b.Rack, NodeRoles.Broker, new KafkaVersion(4, 1, 0), NodeState.Running)).ToList();
        Report("reassignment, replace all brokers", Measurement.Time(() => ReassignmentPlanner.Plan(state, all, replacements)),
            p => $"{p.PartitionCount:N0} partitions, {p.TotalBytesToMove / (1L << 40):0.0} TiB, {p.Batches.Count} batches");

        var six = all.Take(6).ToList();
        Report("reassignment, replace 6 brokers", Measurement.Time(() => ReassignmentPlanner.Plan(state, six, replacements.Take(6).ToList())),
            p => $"{p.PartitionCount:N0} partitions, {p.TotalBytesToMove / (1L << 30):0} GiB");

        Report("restart batches, cap 100", Measurement.Time(() => RestartBatchPlanner.Plan(state, 100)),
            p => $"{p.Batches.Count} batches ({p.Strategy})");

        var rackless = SyntheticClusterGenerator.Generate(spec with { Racks = 1 });
        Report("restart batches, one rack (DSatur)", Measurement.Time(() => RestartBatchPlanner.Plan(rackless, 100)),
            p => $"{p.Batches.Count} batches");

        Console.WriteLine($"peak working set: {Measurement.Mb(Measurement.PeakWorkingSetBytes())} (target < 500 MB)");
    }

    private static void Report<T>(string name, (TimeSpan Best, long AllocatedBytes, T Result) m, Func<T, string> describe) =>
        Console.WriteLine($"{name,-36} best of 3: {m.Best.TotalMilliseconds,8:0} ms (target < 2000 ms), allocated {Measurement.Mb(m.AllocatedBytes)}; {describe(m.Result)}");
}
