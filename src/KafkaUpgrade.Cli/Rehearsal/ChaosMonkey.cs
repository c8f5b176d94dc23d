using KafkaUpgrade.Simulation.Remote;

namespace KafkaUpgrade.Cli.Rehearsal;

/// <summary>
/// Runs the worker as a child process and SIGKILLs it at seeded random moments, starting a fresh one each time,
/// as a supervisor restarts a crashed worker host. A kill is armed only once the upgrade has moved on since the
/// last restart (so kills land at different points of the upgrade, each after a new worker took over), then
/// fires 0.5 to 2.5 seconds later: between activities or in the middle of one, whichever it hits. The cluster lives
/// in this process (served over HTTP), so it outlives every worker.
/// </summary>
internal sealed class ChaosMonkey : IAsyncDisposable
{
    private readonly string _address;
    private readonly string _taskQueue;
    private readonly string _clusterId;
    private readonly SimulatorServer _simulator;
    private readonly Random _random;
    private readonly int _maximumKills;
    private WorkerProcess _worker;
    private string? _stepAtStart;
    private DateTime? _nextKill;

    private ChaosMonkey(string address, string taskQueue, string clusterId, SimulatorServer simulator, int seed, int maximumKills)
    {
        _address = address;
        _taskQueue = taskQueue;
        _clusterId = clusterId;
        _simulator = simulator;
        _random = new Random(seed);
        _maximumKills = maximumKills;
        _worker = WorkerProcess.Start(address, taskQueue, clusterId, simulator.Address);
    }

    /// <summary>Workers killed so far.</summary>
    public int Kills { get; private set; }

    /// <summary>Serves <paramref name="simulator"/> and starts the first worker process.</summary>
    public static async Task<ChaosMonkey> StartAsync(Simulation.KafkaSimulator simulator, string address, string taskQueue, string clusterId, int seed, int maximumKills, CancellationToken cancellationToken)
    {
        var server = await SimulatorServer.StartAsync(simulator, 0, cancellationToken).ConfigureAwait(false);
        return new ChaosMonkey(address, taskQueue, clusterId, server, seed, maximumKills);
    }

    /// <summary>
    /// Called with the upgrade's current step; kills and restarts the worker when its time has come and returns a
    /// line describing the kill, or null.
    /// </summary>
    public string? Tick(string? step)
    {
        if (Kills >= _maximumKills || step is null)
        {
            return null;
        }

        _stepAtStart ??= step;
        if (_nextKill is null)
        {
            if (step != _stepAtStart)
            {
                _nextKill = DateTime.UtcNow + TimeSpan.FromSeconds(0.5 + (_random.NextDouble() * 2));
            }

            return null;
        }

        if (DateTime.UtcNow < _nextKill)
        {
            return null;
        }

        var killed = _worker.Id;
        _worker.Kill();
        _worker.Dispose();
        Kills++;
        _worker = WorkerProcess.Start(_address, _taskQueue, _clusterId, _simulator.Address);
        _nextKill = null;
        _stepAtStart = step;
        return $"chaos: SIGKILLed worker process {killed} during '{step}' (kill {Kills}); started worker process {_worker.Id}";
    }

    /// <summary>The last lines the current worker printed.</summary>
    public IReadOnlyList<string> WorkerTail => _worker.Tail;

    /// <summary>Stops the worker and the simulator's server.</summary>
    public async ValueTask DisposeAsync()
    {
        _worker.Dispose();
        await _simulator.DisposeAsync().ConfigureAwait(false);
    }
}
