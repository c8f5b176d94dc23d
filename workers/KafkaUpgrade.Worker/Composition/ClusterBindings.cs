using KafkaUpgrade.Activities;
using KafkaUpgrade.Simulation;
using KafkaUpgrade.Simulation.Remote;

namespace KafkaUpgrade.Worker.Composition;

/// <summary>
/// Binds every configured cluster id to its adapter: <c>simulator</c> (a snapshot loaded in this process, its clock
/// running) or <c>remote-simulator</c> (a simulator served by another process, e.g. the demo, so the cluster
/// outlives worker crashes) or <c>kafka</c> (a real cluster through <see cref="KafkaBinding"/>).
/// </summary>
public sealed class ClusterBindings : IAsyncDisposable
{
    /// <summary>Adapter name of an in-process simulator.</summary>
    public const string SimulatorAdapter = "simulator";

    /// <summary>Adapter name of a real Kafka cluster (or one served over Kafka's protocol by <c>kafka-upgrade simulate</c>).</summary>
    public const string KafkaAdapter = "kafka";

    /// <summary>Adapter name of a simulator served over HTTP by another process.</summary>
    public const string RemoteSimulatorAdapter = "remote-simulator";

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
                    connections[cluster.Id] = new ClusterConnection(simulator.Admin, simulator.Provisioner);
                    drivers.Add(new SimulationDriver(simulator, cluster.Speed));
                    break;
                case RemoteSimulatorAdapter:
                    if (!Uri.TryCreate(cluster.Url, UriKind.Absolute, out var url))
                    {
                        throw new InvalidOperationException($"Cluster '{cluster.Id}': Url '{cluster.Url}' is not an absolute URL (expected e.g. http://127.0.0.1:5005/).");
                    }

                    var (admin, provisioner) = RemotePorts.Connect(url);
                    connections[cluster.Id] = new ClusterConnection(admin, provisioner);
                    break;
                case KafkaAdapter:
                    var (connection, resource) = KafkaBinding.Create(cluster, index);
                    connections[cluster.Id] = connection;
                    resources.Add(resource);
                    break;
                default:
                    throw new InvalidOperationException($"Cluster '{cluster.Id}': adapter '{cluster.Adapter}' (Clusters:{index}:Adapter) is not available (known: {KafkaAdapter}, {SimulatorAdapter}, {RemoteSimulatorAdapter}).");
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
