using Temporalio.Activities;
using Temporalio.Exceptions;

namespace KafkaUpgrade.EmbeddedTemporal.Tests.Conformance;

public sealed class Activities
{
    private readonly Dictionary<string, int> calls = [];

    public static bool CancelObserved { get; private set; }

    [Activity]
    public string Greet(string name) => $"Hello, {name}!";

    [Activity]
    public int Add(int a, int b) => a + b;

    /// <summary>Fails the first two attempts of each key, then succeeds with the attempt number.</summary>
    [Activity]
    public string FlakyTwice(string key)
    {
        var attempt = ActivityExecutionContext.Current.Info.Attempt;
        lock (calls)
        {
            calls[key] = calls.GetValueOrDefault(key) + 1;
        }

        if (attempt <= 2)
        {
            throw new ApplicationFailureException($"attempt {attempt} fails on purpose", "Flaky");
        }

        return $"succeeded on attempt {attempt}";
    }

    /// <summary>First attempt heartbeats once then stops (times out); the second reads the detail and finishes.</summary>
    [Activity]
    public async Task<string> HeartbeatThenStall()
    {
        var ctx = ActivityExecutionContext.Current;
        if (ctx.Info.Attempt == 1)
        {
            ctx.Heartbeat("progress-1");
            await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
        }

        var details = ctx.Info.HeartbeatDetails.Count > 0 ? await ctx.Info.HeartbeatDetailAtAsync<string>(0) : "none";
        return $"attempt {ctx.Info.Attempt} resumed from {details}";
    }

    /// <summary>Heartbeats until cancelled, then reports the cancellation.</summary>
    [Activity]
    public async Task<string> WaitForCancel()
    {
        var ctx = ActivityExecutionContext.Current;
        try
        {
            while (true)
            {
                ctx.Heartbeat();
                await Task.Delay(100, ctx.CancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            CancelObserved = true;
            throw;
        }
    }
}
