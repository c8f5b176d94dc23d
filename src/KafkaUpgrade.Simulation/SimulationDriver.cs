using System.Diagnostics;

namespace KafkaUpgrade.Simulation;

/// <summary>
/// Runs a simulator's clock in the background at <c>speed</c> times real time (hundreds of times faster in the
/// demo), so workflows polling the ports see time pass as they would against a real cluster. The speed is a ceiling:
/// on a machine too busy to simulate that fast, simulated time runs slower. Time always moves in whole
/// <see cref="SimulationOptions.Tick"/>s of simulated time, so the cluster evolves through the same ticks whatever
/// the machine's speed: with the same seed and the same calls between ticks, the run is the same.
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

        _loop = RunAsync(simulator, speed, interval ?? TimeSpan.FromMilliseconds(20), simulator.Tick, _stop.Token);
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

    private static async Task RunAsync(KafkaSimulator simulator, double speed, TimeSpan interval, TimeSpan tick, CancellationToken token)
    {
        using var timer = new PeriodicTimer(interval);
        var watch = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        var owed = TimeSpan.Zero;
        // When the machine cannot keep up (a busy CI box), simulated time runs slower than asked instead of each
        // step growing to cover the last, longer one: that spiral would hold the CPU and the cluster's lock for
        // ever longer and starve the workers the simulation is there to serve.
        var maxStep = interval * speed * 5;
        while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
        {
            var now = watch.Elapsed;
            owed += (now - last) * speed;
            last = now;
            if (owed > maxStep)
            {
                owed = maxStep;
            }

            // Whole ticks only; the remainder waits for the next round.
            var ticks = (long)(owed / tick);
            if (ticks > 0)
            {
                simulator.Step(tick * ticks);
                owed -= tick * ticks;
            }
        }
    }
}
