using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Simulation;

namespace KafkaUpgrade.Cli.Rehearsal;

/// <summary>What to rehearse and how: the cluster, the target, the pace of simulated time, and chaos.</summary>
/// <param name="Cluster">The cluster as it is now (a snapshot); the rehearsal runs on a simulated copy.</param>
/// <param name="Target">Target version.</param>
/// <param name="Strategy">Node replacement or rolling upgrade.</param>
/// <param name="Speed">Simulated seconds per real second.</param>
/// <param name="WriteBytesPerSecondPerPartition">Producer traffic (acks=all) on every partition.</param>
/// <param name="ThrottleBytesPerSecond">Replication throttle per broker while moving data.</param>
/// <param name="ReplacementBatchSize">Node replacement: most old brokers drained at once.</param>
/// <param name="RestartBatchSize">Rolling restarts: brokers restarted together.</param>
/// <param name="Chaos">Run the worker as a child process and SIGKILL it during the run (over the wire: a worker in
/// another process reaches the cluster the way it reaches a real one).</param>
/// <param name="Kills">With chaos: how many times to kill the worker (fewer only if the upgrade ends first; the report counts them).</param>
/// <param name="Seed">Seed of the simulator and of the chaos schedule.</param>
/// <param name="TickMs">Simulator resolution: every partition is visited once per tick, so a coarser tick runs faster
/// (the timeouts the orchestrator can observe are seconds to tens of seconds, longer than a tick of 1-2 s).</param>
/// <param name="Wire">Serve the simulated cluster over Kafka's protocol and run the worker as a child process bound to
/// it with the <c>kafka</c> adapter and command hooks: the production path but for what the hook scripts do.</param>
public sealed record RehearsalSettings(
    ClusterState Cluster,
    KafkaVersion Target,
    UpgradeStrategy Strategy = UpgradeStrategy.NodeReplacement,
    double Speed = 2000,
    double WriteBytesPerSecondPerPartition = 100_000,
    long ThrottleBytesPerSecond = 500L << 20,
    int ReplacementBatchSize = 6,
    int RestartBatchSize = 1,
    bool Chaos = false,
    int Kills = 3,
    int Seed = 7,
    int TickMs = 1000,
    bool Wire = false)
{
    /// <summary>
    /// Producers run this long before the upgrade starts, so the write-rate metric the pre-flight check reads
    /// (BytesInPerSec) has data, as on a live cluster, instead of a race with the first tick.
    /// </summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    /// <summary>The simulator's options these settings give, in process or in the simulate process (seed, tick).</summary>
    public SimulationOptions Simulation => new() { Seed = Seed, Tick = TimeSpan.FromMilliseconds(TickMs) };

    /// <summary>Whether the workers reach the cluster over Kafka's protocol (asked for, or implied by chaos).</summary>
    public bool OverWire => Wire || Chaos;
}
