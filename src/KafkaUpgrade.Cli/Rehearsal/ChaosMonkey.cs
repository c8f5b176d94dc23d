namespace KafkaUpgrade.Cli.Rehearsal;

/// <summary>
/// Runs the worker as a child process and, with kills to make, SIGKILLs it at seeded random moments, starting a
/// fresh one each time, as a supervisor restarts a crashed worker host. A kill is armed only once the upgrade has
/// moved on since the last restart (so kills land at different points of the upgrade, each after a new worker took
/// over), then fires 0.5 to 2.5 seconds later: between activities or in the middle of one, whichever it hits. The
/// cluster lives in its own <c>simulate</c> process (served over Kafka's protocol), so it outlives every worker.
/// </summary>
internal sealed class ChaosMonkey : IDisposable
{
    private readonly Func<CliProcess> _start;
    private readonly Random _random;
    private readonly int _maximumKills;
    private CliProcess _worker;
    private string? _stepAtStart;
    private DateTime? _nextKill;

    /// <summary>Starts the first worker with <paramref name="start"/>; <paramref name="maximumKills"/> 0 never kills it.</summary>
    public ChaosMonkey(Func<CliProcess> start, int seed, int maximumKills)
    {
        _start = start;
        _random = new Random(seed);
        _maximumKills = maximumKills;
        _worker = start();
    }

    /// <summary>Workers killed so far.</summary>
    public int Kills { get; private set; }

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
        _worker = _start();
        _nextKill = null;
        _stepAtStart = step;
        return $"chaos: SIGKILLed worker process {killed} during '{step}' (kill {Kills}); started worker process {_worker.Id}";
    }

    /// <summary>The last lines the current worker printed.</summary>
    public IReadOnlyList<string> WorkerTail => _worker.Tail;

    /// <summary>Stops the worker.</summary>
    public void Dispose() => _worker.Dispose();
}
