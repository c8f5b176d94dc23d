using System.Diagnostics;

namespace KafkaUpgrade.ZooKeeper.Tests;

internal static class Wait
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> after <paramref name="limit"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        var max = limit ?? TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (clock.Elapsed > max)
            {
                Assert.Fail($"timed out after {max.TotalSeconds:0} s waiting for {what}");
            }

            await Task.Delay(50);
        }
    }
}
