using Temporalio.Activities;

namespace KafkaUpgrade.EmbeddedTemporal.TestWorker;

/// <summary>Steps that leave marker files and can be held by a block file, so a test can see and stop them.</summary>
public static class CrashActivities
{
    /// <summary>Marks its start, heartbeats while <c>block-{step}</c> exists, then returns step * 10.</summary>
    [Activity]
    public static async Task<int> StepAsync(string directory, int step)
    {
        var ctx = ActivityExecutionContext.Current;
        await File.WriteAllTextAsync(Path.Combine(directory, $"started-{step}-{ctx.Info.Attempt}"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        while (File.Exists(Path.Combine(directory, $"block-{step}")))
        {
            ctx.Heartbeat();
            await Task.Delay(100, ctx.CancellationToken);
        }

        return step * 10;
    }
}
