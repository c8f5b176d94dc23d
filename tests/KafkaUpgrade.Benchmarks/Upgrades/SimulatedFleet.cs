using KafkaUpgrade.Activities;
using KafkaUpgrade.Core.Snapshots;
using KafkaUpgrade.Simulation;
using KafkaUpgrade.Simulation.Traffic;

namespace KafkaUpgrade.Benchmarks.Upgrades;

/// <summary>
/// N copies of the small sample cluster (6 brokers, 304 partitions, ZooKeeper, Kafka 3.8), each under its own id,
/// seeded differently, with producer traffic on every partition and its own clock running fast, behind one registry.
/// </summary>
internal sealed class SimulatedFleet : IAsyncDisposable
{
    private readonly List<SimulationDriver> _drivers = [];

    public SimulatedFleet(int clusters, double speed, string runTag)
    {
        var snapshot = ClusterSnapshotSerializer.ReadFile(Path.Combine(AppContext.BaseDirectory, "samples", "small-zk-3.8.json"));
        var connections = new Dictionary<string, ClusterConnection>();
        for (var i = 0; i < clusters; i++)
        {
            var id = $"bench-{runTag}-{i:D2}";
            var simulator = KafkaSimulator.Load(snapshot with { ClusterId = id }, new SimulationOptions { Seed = 1000 + i });
            simulator.StartTraffic(new TrafficSpec(100_000));
            Simulators[id] = simulator;
            connections[id] = new ClusterConnection(simulator.Admin, simulator.Provisioner, simulator.ClusterId);
            _drivers.Add(new SimulationDriver(simulator, speed));
        }

        Registry = new StaticClusterRegistry(connections);
    }

    /// <summary>Every cluster by id.</summary>
    public Dictionary<string, KafkaSimulator> Simulators { get; } = new(StringComparer.Ordinal);

    public IClusterRegistry Registry { get; }

    public async ValueTask DisposeAsync()
    {
        foreach (var driver in _drivers)
        {
            await driver.DisposeAsync();
        }
    }
}
