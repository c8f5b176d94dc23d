namespace KafkaUpgrade.Simulation.Wire.Control;

/// <summary>The simulated clock: runs at a speed (simulated per real time), or stands still (speed 0) and moves only when advanced.</summary>
internal sealed class ClockControl(KafkaSimulator simulator, double speed) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SimulationDriver? _driver = speed > 0 ? new SimulationDriver(simulator, speed) : null;

    public double Speed { get; private set; } = speed;

    public async Task SetSpeedAsync(double newSpeed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(newSpeed);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_driver is not null)
            {
                await _driver.DisposeAsync().ConfigureAwait(false);
            }

            _driver = newSpeed > 0 ? new SimulationDriver(simulator, newSpeed) : null;
            Speed = newSpeed;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_driver is not null)
        {
            await _driver.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }
}
