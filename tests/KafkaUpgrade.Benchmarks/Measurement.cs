using System.Diagnostics;

namespace KafkaUpgrade.Benchmarks;

/// <summary>Times an action: one warm-up run, then the best of <c>runs</c>, with the bytes it allocated.</summary>
internal static class Measurement
{
    public static (TimeSpan Best, long AllocatedBytes, T Result) Time<T>(Func<T> action, int runs = 3)
    {
        var result = action();
        var best = TimeSpan.MaxValue;
        long allocated = 0;
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            result = action();
            watch.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        return (best, allocated, result);
    }

    public static long PeakWorkingSetBytes()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64;
    }

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0..1) of already sorted values; NaN when there are none.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Mb(long bytes) => $"{bytes / (1024.0 * 1024.0):0} MB";
}
