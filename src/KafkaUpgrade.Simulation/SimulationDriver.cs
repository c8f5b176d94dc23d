using System.Diagnostics;

namespace KafkaUpgrade.Simulation;

/// <summary>
/// Runs a simulator's clock in the background at <c>speed</c> times real time (hundreds of times faster in the
/// demo), so workflows polling the ports see time pass as they would against a real cluster.
/// </summary>
public sealed class SimulationDriver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts advancing <paramref name="simulator"/> by <paramref name="speed"/> × elapsed real time every <paramref name="interval"/>.</summary>
    public SimulationDriver(KafkaSimulator simulator, double speed, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        if (speed <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "must be positive");
        }

        _loop = RunAsync(simulator, speed, interval ?? TimeSpan.FromMilliseconds(20), _stop.Token);
    }

    /// <summary>Stops the clock.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is the expected way out of the loop.
        }

        _stop.Dispose();
    }

    private static async Task RunAsync(KafkaSimulator simulator, double speed, TimeSpan interval, CancellationToken token)
    {
        using var timer = new PeriodicTimer(interval);
        var watch = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
        {
            var now = watch.Elapsed;
            simulator.Step((now - last) * speed);
            last = now;
        }
    }
}
