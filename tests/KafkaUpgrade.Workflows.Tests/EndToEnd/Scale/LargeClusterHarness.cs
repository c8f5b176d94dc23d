using KafkaUpgrade.Activities;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Synthetic;
using KafkaUpgrade.Worker.Composition;
using Temporalio.Client;
using Temporalio.Worker;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd.Scale;

/// <summary>
/// The large cluster (200 brokers, 100,000 partitions, RF 3, 3 racks; generated, seeded; or a reshaped one)
/// on Kafka 3.8 in ZooKeeper mode behind a <see cref="ModelCluster"/>, and a worker with the product's real workflows and activities
/// on a unique task queue.
/// </summary>
internal sealed class LargeClusterHarness : IAsyncDisposable
{
    private readonly TemporalWorker _worker;
    private readonly Task _run;
    private readonly CancellationTokenSource _stop = new();

    public LargeClusterHarness(ITemporalClient client, ModelTiming? timing = null, Func<SyntheticClusterSpec, SyntheticClusterSpec>? shape = null)
    {
        ClusterId = $"large-{Guid.NewGuid():N}"[..18];
        TaskQueue = $"scale-{ClusterId}";
        var spec = SyntheticClusterSpec.Large() with { ClusterId = ClusterId, Version = new KafkaVersion(3, 8, 0) };
        spec = shape?.Invoke(spec) ?? spec;
        Initial = SyntheticClusterGenerator.Generate(spec);
        Cluster = new ModelCluster(Initial, timing);
        var registry = new StaticClusterRegistry(new Dictionary<string, ClusterConnection> { [ClusterId] = new(Cluster, Cluster) });
        _worker = new TemporalWorker(client, new TemporalWorkerOptions(TaskQueue).AddKafkaUpgrade(registry));
        _run = _worker.ExecuteAsync(_stop.Token);
    }

    public string ClusterId { get; }

    public string TaskQueue { get; }

    public ClusterState Initial { get; }

    public ModelCluster Cluster { get; }

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
        _stop.Dispose();
    }
}
