using KafkaUpgrade.Activities;
using KafkaUpgrade.Simulation;
using KafkaUpgrade.Simulation.Traffic;
using KafkaUpgrade.Worker.Composition;
using Temporalio.Client;
using Temporalio.Worker;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>
/// One simulated cluster (the sample, under a unique id), its clock running fast, and a worker on a unique task
/// queue: tests against a shared real Temporal never see each other's work.
/// </summary>
internal sealed class UpgradeHarness : IAsyncDisposable
{
    private readonly SimulationDriver _driver;
    private readonly TemporalWorker _worker;
    private readonly Task _run;
    private readonly CancellationTokenSource _stop = new();

    /// <param name="client">Temporal client.</param>
    /// <param name="speed">Simulated seconds per real second.</param>
    /// <param name="writeBytesPerSecond">Producer traffic.</param>
    /// <param name="prepare">Changes the sample before it loads (e.g. already on 3.9), or null to use it as is.</param>
    public UpgradeHarness(ITemporalClient client, double speed = 1000, double writeBytesPerSecond = 100_000, Func<Core.Model.ClusterState, Core.Model.ClusterState>? prepare = null)
    {
        ClusterId = $"small-{Guid.NewGuid():N}"[..18];
        TaskQueue = $"e2e-{ClusterId}";
        var snapshot = Core.Snapshots.ClusterSnapshotSerializer.ReadFile(Path.Combine(AppContext.BaseDirectory, "samples", "small-zk-3.8.json"));
        snapshot = snapshot with { ClusterId = ClusterId };
        Simulator = KafkaSimulator.Load(prepare is null ? snapshot : prepare(snapshot), new SimulationOptions { Seed = 7 });
        Simulator.StartTraffic(new TrafficSpec(writeBytesPerSecond));
        var registry = new StaticClusterRegistry(new Dictionary<string, ClusterConnection> { [ClusterId] = new(Simulator.Admin, Simulator.Provisioner) });
        _driver = new SimulationDriver(Simulator, speed);
        _worker = new TemporalWorker(client, new TemporalWorkerOptions(TaskQueue).AddKafkaUpgrade(registry));
        _run = _worker.ExecuteAsync(_stop.Token);
        Client = client;
    }

    public string ClusterId { get; }

    public string TaskQueue { get; }

    public KafkaSimulator Simulator { get; }

    public ITemporalClient Client { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
            // Stopping the worker is the expected way out.
        }

        _worker.Dispose();
        await _driver.DisposeAsync();
        _stop.Dispose();
    }
}
