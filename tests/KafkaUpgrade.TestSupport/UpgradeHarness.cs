using KafkaUpgrade.Activities;
using KafkaUpgrade.Simulation;
using KafkaUpgrade.Simulation.Traffic;
using KafkaUpgrade.Worker.Hosting;
using Temporalio.Client;

namespace KafkaUpgrade.TestSupport;

/// <summary>
/// One simulated cluster (the sample, under a unique id), its clock running fast, and a worker on a unique task
/// queue: tests against a shared real Temporal never see each other's work.
/// </summary>
public sealed class UpgradeHarness : IAsyncDisposable
{
    private readonly SimulationDriver _driver;
    private InProcessWorker _worker;

    /// <param name="client">Temporal client.</param>
    /// <param name="speed">Simulated seconds per real second.</param>
    /// <param name="writeBytesPerSecond">Producer traffic.</param>
    /// <param name="sample">Snapshot file under samples/.</param>
    /// <param name="adjust">Changes the loaded snapshot before the simulator starts (e.g. a static quorum).</param>
    /// <param name="wrapProvisioner">Wraps the provisioner the worker uses (e.g. to record restarts).</param>
    /// <param name="wrapAdmin">Wraps the admin client the worker uses (e.g. to inject a failure).</param>
    /// <param name="seed">The simulator's seed (election ties, directory ids); scenarios run with several.</param>
    /// <param name="options">Adjusts the simulator's options (the seed is already set).</param>
    /// <param name="aliases">More configured names the worker binds to this same cluster (two bindings, one Kafka cluster).</param>
    public UpgradeHarness(
        ITemporalClient client,
        double speed = 1000,
        double writeBytesPerSecond = 100_000,
        string sample = "small-zk-3.8.json",
        Func<Core.Model.ClusterState, Core.Model.ClusterState>? adjust = null,
        Func<Core.Ports.INodeProvisioner, Core.Ports.INodeProvisioner>? wrapProvisioner = null,
        Func<Core.Ports.IClusterAdmin, Core.Ports.IClusterAdmin>? wrapAdmin = null,
        int seed = 7,
        Func<SimulationOptions, SimulationOptions>? options = null,
        IReadOnlyList<string>? aliases = null)
    {
        ClusterId = $"small-{Guid.NewGuid():N}"[..18];
        TaskQueue = $"e2e-{ClusterId}";
        var snapshot = Core.Snapshots.ClusterSnapshotSerializer.ReadFile(Path.Combine(AppContext.BaseDirectory, "samples", sample));
        snapshot = (adjust ?? (s => s))(snapshot with { ClusterId = ClusterId });
        Simulator = KafkaSimulator.Load(snapshot, (options ?? (o => o))(new SimulationOptions { Seed = seed }));
        Simulator.StartTraffic(new TrafficSpec(writeBytesPerSecond));

        // Producers have been running for a while before anyone upgrades: the write-rate metric the pre-flight
        // check reads (BytesInPerSec) has data, as on a live cluster, instead of a race with the first tick.
        Simulator.Step(TimeSpan.FromSeconds(5));
        var provisioner = (wrapProvisioner ?? (p => p))(Simulator.Provisioner);
        var connection = new ClusterConnection((wrapAdmin ?? (a => a))(Simulator.Admin), provisioner, Simulator.ClusterId);
        Connection = connection;
        var bindings = new Dictionary<string, ClusterConnection> { [ClusterId] = connection };
        foreach (var alias in aliases ?? [])
        {
            bindings[alias] = connection;
        }

        var registry = new StaticClusterRegistry(bindings);
        _driver = new SimulationDriver(Simulator, speed);
        _worker = new InProcessWorker(client, TaskQueue, registry).Start();
        Client = client;
    }

    public string ClusterId { get; }

    public string TaskQueue { get; }

    public KafkaSimulator Simulator { get; }

    public ITemporalClient Client { get; }

    /// <summary>The binding of <see cref="ClusterId"/> (and of every alias) the worker started with.</summary>
    public ClusterConnection Connection { get; }

    /// <summary>
    /// Stops the worker (what it was running is left to Temporal's timeouts and retries, as after a crash) and starts
    /// a new one on the same task queue with <paramref name="bindings"/>: an operator's restart with a changed configuration.
    /// </summary>
    public async Task RestartWorkerAsync(IReadOnlyDictionary<string, ClusterConnection> bindings)
    {
        await _worker.DisposeAsync();
        _worker = new InProcessWorker(Client, TaskQueue, new StaticClusterRegistry(bindings)).Start();
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.DisposeAsync();
        await _driver.DisposeAsync();
    }
}
