using KafkaUpgrade.Activities;
using KafkaUpgrade.Simulation;
using KafkaUpgrade.Simulation.Traffic;
using KafkaUpgrade.Worker.Composition;
using Temporalio.Client;
using Temporalio.Worker;

namespace KafkaUpgrade.Client.Tests;

/// <summary>The sample cluster under a unique id with producers, its clock running, and a worker on a unique task queue.</summary>
internal sealed class ClusterUnderTest : IAsyncDisposable
{
    private readonly SimulationDriver _driver;
    private readonly TemporalWorker _worker;
    private readonly Task _run;
    private readonly CancellationTokenSource _stop = new();

    public ClusterUnderTest(ITemporalClient temporal, double speed = 1000)
    {
        ClusterId = $"client-{Guid.NewGuid():N}"[..19];
        var snapshot = Core.Snapshots.ClusterSnapshotSerializer.ReadFile(Path.Combine(AppContext.BaseDirectory, "samples", "small-zk-3.8.json"));
        Simulator = KafkaSimulator.Load(snapshot with { ClusterId = ClusterId }, new SimulationOptions { Seed = 11 });
        Simulator.StartTraffic(new TrafficSpec(100_000));

        // Producers have been running for a while before anyone upgrades: the write-rate metric the pre-flight
        // check reads (BytesInPerSec) has data, as on a live cluster, instead of a race with the first tick.
        Simulator.Step(TimeSpan.FromSeconds(5));
        _driver = new SimulationDriver(Simulator, speed);
        var registry = new StaticClusterRegistry(new Dictionary<string, ClusterConnection> { [ClusterId] = new(Simulator.Admin, Simulator.Provisioner) });
        var taskQueue = $"client-tests-{ClusterId}";
        _worker = new TemporalWorker(temporal, new TemporalWorkerOptions(taskQueue).AddKafkaUpgrade(registry));
        _run = _worker.ExecuteAsync(_stop.Token);
        Client = new KafkaUpgradeClient(temporal, taskQueue);
    }

    public string ClusterId { get; }

    public KafkaSimulator Simulator { get; }

    public KafkaUpgradeClient Client { get; }

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
