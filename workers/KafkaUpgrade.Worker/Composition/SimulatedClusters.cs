using KafkaUpgrade.Activities;
using KafkaUpgrade.Simulation;

namespace KafkaUpgrade.Worker.Composition;

/// <summary>Builds the cluster registry for clusters bound to the simulator, each with its clock running.</summary>
public sealed class SimulatedClusters : IAsyncDisposable
{
    private readonly List<SimulationDriver> _drivers = [];

    private SimulatedClusters(IClusterRegistry registry, IReadOnlyDictionary<string, KafkaSimulator> simulators)
    {
        Registry = registry;
        Simulators = simulators;
    }

    /// <summary>The registry activities resolve cluster ids with.</summary>
    public IClusterRegistry Registry { get; }

    /// <summary>The simulators by cluster id.</summary>
    public IReadOnlyDictionary<string, KafkaSimulator> Simulators { get; }

    /// <summary>Loads every configured cluster; an unknown adapter or a bad snapshot fails naming the cluster.</summary>
    public static SimulatedClusters Start(IEnumerable<ClusterSettings> clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        var simulators = new Dictionary<string, KafkaSimulator>(StringComparer.Ordinal);
        foreach (var cluster in clusters)
        {
            if (!string.Equals(cluster.Adapter, "simulator", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"Cluster '{cluster.Id}': adapter '{cluster.Adapter}' is not available (known: simulator).");
            }

            simulators[cluster.Id] = KafkaSimulator.LoadSnapshot(cluster.Snapshot, new SimulationOptions { Seed = cluster.Seed });
        }

        var connections = simulators.ToDictionary(kv => kv.Key, kv => new ClusterConnection(kv.Value.Admin, kv.Value.Provisioner), StringComparer.Ordinal);
        var result = new SimulatedClusters(new StaticClusterRegistry(connections), simulators);
        foreach (var cluster in clusters)
        {
            result._drivers.Add(new SimulationDriver(simulators[cluster.Id], cluster.Speed));
        }

        return result;
    }

    /// <summary>Stops the clocks.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var driver in _drivers)
        {
            await driver.DisposeAsync().ConfigureAwait(false);
        }
    }
}
