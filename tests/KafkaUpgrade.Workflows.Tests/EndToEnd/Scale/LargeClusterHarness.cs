using KafkaUpgrade.Activities;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Synthetic;
using KafkaUpgrade.Worker.Hosting;
using Temporalio.Client;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd.Scale;

/// <summary>
/// The large cluster (200 brokers, 100,000 partitions, RF 3, 3 racks; generated, seeded; or a reshaped one)
/// on Kafka 3.8 in ZooKeeper mode behind a <see cref="ModelCluster"/>, and a worker with the product's real workflows and activities
/// on a unique task queue.
/// </summary>
internal sealed class LargeClusterHarness : IAsyncDisposable
{
    private readonly InProcessWorker _worker;

    public LargeClusterHarness(ITemporalClient client, ModelTiming? timing = null, Func<SyntheticClusterSpec, SyntheticClusterSpec>? shape = null)
    {
        ClusterId = $"large-{Guid.NewGuid():N}"[..18];
        TaskQueue = $"scale-{ClusterId}";
        var spec = SyntheticClusterSpec.Large() with { ClusterId = ClusterId, Version = new KafkaVersion(3, 8, 0) };
        spec = shape?.Invoke(spec) ?? spec;
        Initial = SyntheticClusterGenerator.Generate(spec);
        Cluster = new ModelCluster(Initial, timing);
        var registry = new StaticClusterRegistry(new Dictionary<string, ClusterConnection> { [ClusterId] = new(Cluster, Cluster, Initial.ClusterId) });
        _worker = new InProcessWorker(client, TaskQueue, registry).Start();
    }

    public string ClusterId { get; }

    public string TaskQueue { get; }

    public ClusterState Initial { get; }

    public ModelCluster Cluster { get; }

    public ValueTask DisposeAsync() => _worker.DisposeAsync();
}
