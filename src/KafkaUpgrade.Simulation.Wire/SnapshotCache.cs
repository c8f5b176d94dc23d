namespace KafkaUpgrade.Simulation.Wire;

/// <summary>Hands out the <see cref="FrontSnapshot"/> of the current simulated instant, rebuilding it when time moved or the front changed the cluster.</summary>
internal sealed class SnapshotCache(KafkaSimulator simulator)
{
    private readonly Lock _gate = new();
    private long _generation;
    private (TimeSpan Now, long Generation, FrontSnapshot Snapshot)? _entry;

    /// <summary>Forgets the current snapshot: the next reader sees every change made so far.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    public FrontSnapshot Current()
    {
        var now = simulator.Now;
        var generation = Interlocked.Read(ref _generation);
        if (_entry is { } e && e.Now == now && e.Generation == generation)
        {
            return e.Snapshot;
        }

        lock (_gate)
        {
            now = simulator.Now;
            generation = Interlocked.Read(ref _generation);
            if (_entry is { } again && again.Now == now && again.Generation == generation)
            {
                return again.Snapshot;
            }

            var state = simulator.Snapshot();
            var migration = simulator.Admin.DescribeMigrationAsync().GetAwaiter().GetResult();
            var snapshot = new FrontSnapshot(state, simulator.DescribeNodes(), migration, (long)now.TotalMilliseconds);
            _entry = (now, generation, snapshot);
            return snapshot;
        }
    }
}
