using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Simulation;
using KafkaUpgrade.Simulation.Traffic;

namespace KafkaUpgrade.Cli.Rehearsal;

/// <summary>The simulated cluster in this process, its clock driven here, for the in-process worker.</summary>
internal sealed class InProcessCluster : IRehearsedCluster
{
    private readonly SimulationDriver _clock;

    private InProcessCluster(KafkaSimulator simulator, double speed)
    {
        Simulator = simulator;
        _clock = new SimulationDriver(simulator, speed);
    }

    /// <summary>The simulator, whose ports the in-process worker is given.</summary>
    public KafkaSimulator Simulator { get; }

    /// <summary>Loads the settings' cluster under producer traffic and starts its clock.</summary>
    public static InProcessCluster Start(RehearsalSettings settings)
    {
        var simulator = KafkaSimulator.Load(settings.Cluster, settings.Simulation);
        simulator.StartTraffic(new TrafficSpec(settings.WriteBytesPerSecondPerPartition));

        // Producers have been running for a while before anyone upgrades: the write-rate metric the pre-flight
        // check reads (BytesInPerSec) has data, as on a live cluster, instead of a race with the first tick.
        simulator.Step(RehearsalSettings.WarmUp);
        return new InProcessCluster(simulator, settings.Speed);
    }

    /// <inheritdoc/>
    public Task<ClusterGlance> GlanceAsync(CancellationToken cancellationToken)
    {
        var state = Simulator.Snapshot();
        return Task.FromResult(new ClusterGlance(Simulator.Now, state.MetadataMode, state.Brokers.Count(b => b.State == NodeState.Running)));
    }

    /// <inheritdoc/>
    public Task<ClusterState> SnapshotAsync(CancellationToken cancellationToken) => Task.FromResult(Simulator.Snapshot());

    /// <inheritdoc/>
    public async Task<RehearsalTally> TallyAsync(CancellationToken cancellationToken)
    {
        var stats = Simulator.Statistics;
        var throttle = await Simulator.Admin.DescribeReplicationThrottleAsync(cancellationToken).ConfigureAwait(false);
        return new RehearsalTally(Simulator.Now, stats.AckedWrites, Math.Max(stats.LostAckedWrites, Simulator.CountLostAckedWrites()), stats.MinIsrViolations,
            stats.UnsafeRemovals, stats.ReassignmentsCompleted, (long)stats.BytesReplicatedToNewReplicas, stats.UnwritableMsByPartition.ToDictionary(), [.. stats.SafetyEvents],
            throttle is null);
    }

    /// <summary>Stops the clock.</summary>
    public ValueTask DisposeAsync() => _clock.DisposeAsync();
}
