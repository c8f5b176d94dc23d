using KafkaUpgrade.Simulation.Remote;

namespace KafkaUpgrade.Cli.Rehearsal;

/// <summary>
/// Runs the worker as a child process and SIGKILLs it at seeded random moments (every 3 to 8 seconds of real
/// time), starting a fresh one each time, as a supervisor restarts a crashed worker host. The cluster lives in
/// this process (served over HTTP), so it outlives every worker.
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
    private DateTime _nextKill;

    private ChaosMonkey(string address, string taskQueue, string clusterId, SimulatorServer simulator, int seed, int maximumKills)
    {
        _address = address;
        _taskQueue = taskQueue;
        _clusterId = clusterId;
        _simulator = simulator;
        _random = new Random(seed);
        _maximumKills = maximumKills;
        _worker = WorkerProcess.Start(address, taskQueue, clusterId, simulator.Address);
        _nextKill = DateTime.UtcNow + NextInterval();
    }

    /// <summary>Workers killed so far.</summary>
    public int Kills { get; private set; }

    /// <summary>Serves <paramref name="simulator"/> and starts the first worker process.</summary>
    public static async Task<ChaosMonkey> StartAsync(Simulation.KafkaSimulator simulator, string address, string taskQueue, string clusterId, int seed, int maximumKills, CancellationToken cancellationToken)
    {
        var server = await SimulatorServer.StartAsync(simulator, 0, cancellationToken).ConfigureAwait(false);
        return new ChaosMonkey(address, taskQueue, clusterId, server, seed, maximumKills);
    }

    /// <summary>Kills and restarts the worker when its time has come; returns a line describing a kill, or null.</summary>
    public string? Tick()
    {
        if (Kills >= _maximumKills || DateTime.UtcNow < _nextKill)
        {
            return null;
        }

        var killed = _worker.Id;
        _worker.Kill();
        _worker.Dispose();
        Kills++;
        _worker = WorkerProcess.Start(_address, _taskQueue, _clusterId, _simulator.Address);
        _nextKill = DateTime.UtcNow + NextInterval();
        return $"chaos: SIGKILLed worker process {killed} (kill {Kills}); started worker process {_worker.Id}";
    }

    /// <summary>The last lines the current worker printed.</summary>
    public IReadOnlyList<string> WorkerTail => _worker.Tail;

    /// <summary>Stops the worker and the simulator's server.</summary>
    public async ValueTask DisposeAsync()
    {
        _worker.Dispose();
        await _simulator.DisposeAsync().ConfigureAwait(false);
    }

    private TimeSpan NextInterval() => TimeSpan.FromSeconds(3 + (_random.NextDouble() * 5));
}
