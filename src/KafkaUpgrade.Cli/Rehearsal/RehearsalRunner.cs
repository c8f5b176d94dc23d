using System.Diagnostics;
using KafkaUpgrade.Activities;
using KafkaUpgrade.Client;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.EmbeddedTemporal;
using KafkaUpgrade.Simulation;
using KafkaUpgrade.Simulation.Traffic;
using KafkaUpgrade.Worker.Hosting;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Support;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace KafkaUpgrade.Cli.Rehearsal;

/// <summary>
/// Runs the real workflows, on the embedded Temporal server, against a simulated copy of a cluster under producer
/// traffic, and reports what happened. <c>rehearse</c> and <c>demo</c> are this with different clusters and
/// presentation. Approval gates are pre-approved (a rehearsal has nobody to ask) and the report says so.
/// </summary>
internal static class RehearsalRunner
{
    // Simulator calls take milliseconds, so a call whose worker was killed is retried after 10 s, not 2 minutes.
    private static readonly StepTiming Timing = new(PollIntervalMs: 100, StallAfterMs: 60_000, ActivityTimeoutMs: 10_000);

    /// <summary>Progress callback: the operation's progress and a line about the cluster or chaos.</summary>
    public delegate Task ReportProgress(OperationProgress progress, string? note);

    public static async Task<RehearsalReport> RunAsync(RehearsalSettings settings, ReportProgress report, CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var cluster = settings.Cluster;
        var taskQueue = $"rehearsal-{cluster.ClusterId}";
        await using var server = new EmbeddedTemporalServer(new EmbeddedTemporalOptions(0, null, [.. UpgradeSearchAttributes.All.Select(a => a.Name)]));
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        var temporal = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address)).ConfigureAwait(false);

        var simulator = KafkaSimulator.Load(cluster, new SimulationOptions { Seed = settings.Seed, Tick = TimeSpan.FromMilliseconds(settings.TickMs) });
        simulator.StartTraffic(new TrafficSpec(settings.WriteBytesPerSecondPerPartition));

        // Producers have been running for a while before anyone upgrades: the write-rate metric the pre-flight
        // check reads (BytesInPerSec) has data, as on a live cluster, instead of a race with the first tick.
        simulator.Step(TimeSpan.FromSeconds(5));
        await using var driver = new SimulationDriver(simulator, settings.Speed);

        // Chaos runs the worker as child processes it kills; otherwise one worker runs in this process.
        ChaosMonkey? chaos = null;
        InProcessWorker? worker = null;
        if (settings.Chaos)
        {
            chaos = await ChaosMonkey.StartAsync(simulator, server.Address, taskQueue, cluster.ClusterId, settings.Seed, settings.Kills, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var registry = new StaticClusterRegistry(new Dictionary<string, ClusterConnection> { [cluster.ClusterId] = new(simulator.Admin, simulator.Provisioner) });
            worker = new InProcessWorker(temporal, taskQueue, registry).Start();
        }

        try
        {
            var input = new ClusterUpgradeInput(cluster.ClusterId, settings.Target.ToString(), settings.Strategy, settings.ReplacementBatchSize, settings.RestartBatchSize,
                settings.ThrottleBytesPerSecond, Timing, PreApproved: true);
            var handle = await new KafkaUpgradeClient(temporal, taskQueue).StartUpgradeAsync(input, cancellationToken).ConfigureAwait(false);
            var (status, summary, result) = await FollowAsync(handle, simulator, chaos, report, cancellationToken).ConfigureAwait(false);
            var throttleCleared = await simulator.Admin.DescribeReplicationThrottleAsync(cancellationToken).ConfigureAwait(false) is null;
            return Report(settings, simulator, status, summary, result, chaos?.Kills ?? 0, wall.Elapsed, await PlanHopsAsync(handle).ConfigureAwait(false), throttleCleared);
        }
        finally
        {
            if (chaos is not null)
            {
                await chaos.DisposeAsync().ConfigureAwait(false);
            }

            if (worker is not null)
            {
                await worker.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<(string Status, string Summary, OperationResult? Result)> FollowAsync(
        OperationHandle handle, KafkaSimulator simulator, ChaosMonkey? chaos, ReportProgress report, CancellationToken cancellationToken)
    {
        var resultTask = handle.GetResultAsync(cancellationToken);
        string? step = null;
        while (!resultTask.IsCompleted)
        {
            await Task.WhenAny(resultTask, Task.Delay(250, cancellationToken)).ConfigureAwait(false);
            var note = chaos?.Tick(step);
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(TimeSpan.FromSeconds(2));
                var progress = await handle.GetProgressAsync(deadline.Token).ConfigureAwait(false);
                step = $"{progress.Phase}: {progress.Step}";
                var state = simulator.Snapshot();
                await report(progress, note ?? $"simulated {simulator.Now:d\\.hh\\:mm\\:ss}, {state.MetadataMode}, {state.Brokers.Count(b => b.State == NodeState.Running)} brokers running").ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // No worker answered in time (one may have just been killed): ask again next round.
                if (note is not null)
                {
                    await report(OperationProgress.Starting with { Phase = "(worker restarting)", Step = note }, note).ConfigureAwait(false);
                }
            }
        }

        try
        {
            var result = await resultTask.ConfigureAwait(false);
            return (result.Outcome == OperationOutcome.Completed ? "completed" : "aborted", result.Summary, result);
        }
        catch (WorkflowFailedException ex)
        {
            return ("failed", ex.InnerException?.Message ?? ex.Message, null);
        }
    }

    private static async Task<IReadOnlyList<string>> PlanHopsAsync(OperationHandle handle)
    {
        try
        {
            var plan = await handle.GetPlanAsync().ConfigureAwait(false);
            return plan is null ? [] : [.. plan.Hops.Select(h => h.Hop.ToString())];
        }
        catch (RpcException)
        {
            return [];
        }
    }

    private static RehearsalReport Report(RehearsalSettings settings, KafkaSimulator simulator, string status, string summary, OperationResult? result, int kills, TimeSpan wall, IReadOnlyList<string> hops, bool throttleCleared)
    {
        var before = settings.Cluster;
        var after = simulator.Snapshot();
        var stats = simulator.Statistics;
        var unavailable = stats.UnwritableMsByPartition.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).ToList();
        return new RehearsalReport
        {
            Status = status,
            Summary = summary,
            ClusterId = before.ClusterId,
            FromVersion = before.Nodes.Where(n => n.State != NodeState.Decommissioned).Min(n => n.Version)!.ToString(),
            ToVersion = settings.Target.ToString(),
            InitialMetadataMode = before.MetadataMode.ToString(),
            FinalMetadataMode = after.MetadataMode.ToString(),
            FinalMetadataVersion = after.Features.MetadataVersionLevel is { } level ? Core.Versions.VersionCatalog.Default.FindMetadataVersion(level)?.Name ?? level.ToString(System.Globalization.CultureInfo.InvariantCulture) : after.Features.InterBrokerProtocolVersion,
            Brokers = after.Brokers.Count(b => b.State == NodeState.Running),
            Hops = hops,
            PartitionsMoved = Math.Max(result?.PartitionsMoved ?? 0, stats.ReassignmentsCompleted),
            BytesMoved = Math.Max(result?.BytesMoved ?? 0, (long)stats.BytesReplicatedToNewReplicas),
            AckedWrites = stats.AckedWrites,
            LostAckedWrites = Math.Max(stats.LostAckedWrites, simulator.CountLostAckedWrites()),
            MinIsrViolations = stats.MinIsrViolations,
            UnsafeRemovals = stats.UnsafeRemovals,
            PartitionsUnavailable = unavailable.Count,
            MaxPartitionUnavailableSeconds = unavailable.Count == 0 ? 0 : unavailable[0].Value / 1000.0,
            LongestUnavailable = [.. unavailable.Take(10).Select(kv => new PartitionUnavailability(kv.Key, kv.Value / 1000.0))],
            SafetyEvents = [.. stats.SafetyEvents.Take(20)],
            ThrottleCleared = throttleCleared,
            WorkerKills = kills,
            SimulatedSeconds = Math.Round(simulator.Now.TotalSeconds, 1),
            WallSeconds = Math.Round(wall.TotalSeconds, 1),
        };
    }
}
