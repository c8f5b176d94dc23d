using KafkaUpgrade.Activities;
using KafkaUpgrade.Worker.Composition;
using Temporalio.Client;
using Temporalio.Worker;

namespace KafkaUpgrade.Worker.Hosting;

/// <summary>
/// A worker with every workflow and activity of the product, polling <paramref name="taskQueue"/> inside this process
/// until disposed: what rehearsals, the demo, tests and benchmarks run when no separate worker host is wanted.
/// </summary>
/// <param name="client">Temporal client to poll with.</param>
/// <param name="taskQueue">Task queue to poll.</param>
/// <param name="clusters">The clusters activities may operate on.</param>
/// <param name="configure">Adjusts the worker's options (e.g. concurrency) before it starts.</param>
public sealed class InProcessWorker(ITemporalClient client, string taskQueue, IClusterRegistry clusters, Action<TemporalWorkerOptions>? configure = null) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TemporalWorker _worker = Create(client, taskQueue, clusters, configure);
    private Task? _run;

    /// <summary>Starts polling; returns this, so construction and start read as one step.</summary>
    public InProcessWorker Start()
    {
        _run ??= _worker.ExecuteAsync(_stop.Token);
        return this;
    }

    /// <summary>Stops polling (in-flight tasks are abandoned to Temporal's timeouts) and releases the worker.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_run is not null)
        {
            try
            {
                await _run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping the worker is the expected way out.
            }
        }

        _worker.Dispose();
        _stop.Dispose();
    }

    private static TemporalWorker Create(ITemporalClient client, string taskQueue, IClusterRegistry clusters, Action<TemporalWorkerOptions>? configure)
    {
        var options = new TemporalWorkerOptions(taskQueue).AddKafkaUpgrade(clusters);
        configure?.Invoke(options);
        return new TemporalWorker(client, options);
    }
}
