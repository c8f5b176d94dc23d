using KafkaUpgrade.Activities;
using KafkaUpgrade.Simulation;

namespace KafkaUpgrade.Worker.Composition;

/// <summary>
/// Binds every configured cluster id to its adapter: <c>simulator</c> (a snapshot loaded in this process, its clock
/// running) or <c>kafka</c> (a real cluster through <see cref="KafkaBinding"/>, or a simulated one that
/// <c>kafka-upgrade simulate</c> serves over Kafka's protocol, so the cluster outlives worker crashes).
/// </summary>
public sealed class ClusterBindings : IAsyncDisposable
{
    /// <summary>Adapter name of an in-process simulator.</summary>
    public const string SimulatorAdapter = "simulator";

    /// <summary>Adapter name of a real Kafka cluster (or one served over Kafka's protocol by <c>kafka-upgrade simulate</c>).</summary>
    public const string KafkaAdapter = "kafka";

    private readonly List<SimulationDriver> _drivers;
    private readonly List<IAsyncDisposable> _resources;

    private ClusterBindings(IClusterRegistry registry, IReadOnlyDictionary<string, KafkaSimulator> simulators, List<SimulationDriver> drivers, List<IAsyncDisposable> resources)
    {
        Registry = registry;
        Simulators = simulators;
        _drivers = drivers;
        _resources = resources;
    }

    /// <summary>The registry activities resolve cluster ids with.</summary>
    public IClusterRegistry Registry { get; }

    /// <summary>The in-process simulators by cluster id.</summary>
    public IReadOnlyDictionary<string, KafkaSimulator> Simulators { get; }

    /// <summary>Binds every configured cluster; an unknown adapter or a bad snapshot fails naming the cluster.</summary>
    public static ClusterBindings Start(IEnumerable<ClusterSettings> clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        var simulators = new Dictionary<string, KafkaSimulator>(StringComparer.Ordinal);
        var connections = new Dictionary<string, ClusterConnection>(StringComparer.Ordinal);
        var drivers = new List<SimulationDriver>();
        var resources = new List<IAsyncDisposable>();
        var index = -1;
        foreach (var cluster in clusters)
        {
            index++;
            if (string.IsNullOrWhiteSpace(cluster.Id))
            {
                throw new InvalidOperationException("A configured cluster has no Id.");
            }

            switch (cluster.Adapter.ToLowerInvariant())
            {
                case SimulatorAdapter:
                    var simulator = KafkaSimulator.LoadSnapshot(ResolvePath(cluster), new SimulationOptions { Seed = cluster.Seed });
                    simulators[cluster.Id] = simulator;
                    connections[cluster.Id] = new ClusterConnection(simulator.Admin, simulator.Provisioner, simulator.ClusterId);
                    drivers.Add(new SimulationDriver(simulator, cluster.Speed));
                    break;
                case KafkaAdapter:
                    var (connection, resource) = KafkaBinding.Create(cluster, index);
                    connections[cluster.Id] = connection;
                    resources.Add(resource);
                    break;
                default:
                    throw new InvalidOperationException($"Cluster '{cluster.Id}': adapter '{cluster.Adapter}' (Clusters:{index}:Adapter) is not available (known: {KafkaAdapter}, {SimulatorAdapter}).");
            }
        }

        return new ClusterBindings(new StaticClusterRegistry(connections), simulators, drivers, resources);
    }

    /// <summary>Stops the clocks of in-process simulators.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var driver in _drivers)
        {
            await driver.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var resource in _resources)
        {
            await resource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A snapshot path as given, else relative to the worker's own folder (where the samples are copied).</summary>
    private static string ResolvePath(ClusterSettings cluster)
    {
        if (File.Exists(cluster.Snapshot) || Path.IsPathRooted(cluster.Snapshot))
        {
            return cluster.Snapshot;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, cluster.Snapshot);
        return File.Exists(beside) ? beside : throw new InvalidOperationException($"Cluster '{cluster.Id}': snapshot '{cluster.Snapshot}' not found (looked in {Directory.GetCurrentDirectory()} and {AppContext.BaseDirectory}).");
    }
}
