using System.Diagnostics;
using KafkaUpgrade.Activities;
using KafkaUpgrade.Client;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.EmbeddedTemporal;
using KafkaUpgrade.Simulation;
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

    // Over the wire a call is Kafka requests and hook processes (a describe per node): seconds, not milliseconds.
    private static readonly StepTiming WireTiming = new(PollIntervalMs: 250, StallAfterMs: 60_000, ActivityTimeoutMs: 30_000);

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

        // In process: the simulator and one worker here. Over the wire: the cluster served over Kafka's protocol by a
        // separate `kafka-upgrade simulate` process, and worker processes bound to it with the kafka adapter and
        // command hooks, as an operator would run them; chaos kills the workers. The rehearsal watches the cluster
        // through the simulate process's control endpoint, never through the workers.
        var inProcess = settings.OverWire ? null : InProcessCluster.Start(settings);
        var served = settings.OverWire ? await ServedCluster.StartAsync(settings, cancellationToken).ConfigureAwait(false) : null;
        await using IRehearsedCluster watched = (IRehearsedCluster?)inProcess ?? served!;
        var upgradeStartedAt = RehearsalSettings.WarmUp;
        using var config = served is null ? null : WireWorkerConfig.Write(cluster.ClusterId, served);
        using var workers = config is null ? null : new ChaosMonkey(() => CliProcess.StartWorker(server.Address, taskQueue, config.Path), settings.Seed, settings.Chaos ? settings.Kills : 0);
        await using var worker = inProcess is null
            ? null
            : new InProcessWorker(temporal, taskQueue, new StaticClusterRegistry(new Dictionary<string, ClusterConnection> { [cluster.ClusterId] = new(inProcess.Simulator.Admin, inProcess.Simulator.Provisioner, inProcess.Simulator.ClusterId) })).Start();

        var input = new ClusterUpgradeInput(cluster.ClusterId, settings.Target.ToString(), settings.Strategy, settings.ReplacementBatchSize, settings.RestartBatchSize,
            settings.ThrottleBytesPerSecond, settings.OverWire ? WireTiming : Timing, PreApproved: true);
        var handle = await new KafkaUpgradeClient(temporal, taskQueue).StartUpgradeAsync(input, cancellationToken).ConfigureAwait(false);
        var (status, summary, result) = await FollowAsync(handle, watched, workers, report, cancellationToken).ConfigureAwait(false);
        var tally = await watched.TallyAsync(cancellationToken).ConfigureAwait(false);
        var after = await watched.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        return Report(settings, after, tally, status, summary, result, workers?.Kills ?? 0, wall.Elapsed, await PlanHopsAsync(handle).ConfigureAwait(false),
            upgradeStartedAt, LowerBound(settings, settings.Simulation));
    }

    private static async Task<(string Status, string Summary, OperationResult? Result)> FollowAsync(
        OperationHandle handle, IRehearsedCluster cluster, ChaosMonkey? chaos, ReportProgress report, CancellationToken cancellationToken)
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
                var glance = await cluster.GlanceAsync(deadline.Token).ConfigureAwait(false);
                await report(progress, note ?? glance.ToString()).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RpcException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
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
            // The cause chain (child workflow, activity, the activity's own error) says what went wrong; the top says only "failed".
            var causes = new List<string>();
            for (Exception? e = ex.InnerException; e is not null; e = e.InnerException)
            {
                causes.Add(e.Message);
            }

            return ("failed", causes.Count == 0 ? ex.Message : string.Join(": ", causes), null);
        }
    }

    /// <summary>
    /// The floor under this rehearsal's duration: the same plan the workflow makes (same strategy, batches and
    /// throttle), its data at the throttle plus the simulator's own stop, start and provisioning times. Null when the
    /// cluster cannot be planned (the workflow then refuses it too, and the report says why).
    /// </summary>
    private static PlanLowerBound? LowerBound(RehearsalSettings settings, SimulationOptions simulation)
    {
        try
        {
            var plan = new UpgradePlanBuilder().Build(settings.Cluster, settings.Target, new UpgradePlanOptions(
                settings.Strategy, settings.ReplacementBatchSize, settings.RestartBatchSize, settings.ThrottleBytesPerSecond));
            return PlanLowerBound.Of(plan, new NodeTimeModel(simulation.ControlledShutdownTime, simulation.CleanStartTime, simulation.ProvisioningTime));
        }
        catch (Exception ex) when (ex is PlanningException or Core.Planning.Paths.UpgradePathException or Core.Validation.ClusterValidationException)
        {
            return null;
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

    private static RehearsalReport Report(RehearsalSettings settings, ClusterState after, RehearsalTally stats, string status, string summary, OperationResult? result, int kills, TimeSpan wall, IReadOnlyList<string> hops,
        TimeSpan upgradeStartedAt, PlanLowerBound? bound)
    {
        // The simulated clock keeps running while the report is made: the tally's instant is the one both the
        // overhead and the duration describe.
        var now = stats.SimulatedTime;
        var before = settings.Cluster;
        var unavailable = stats.UnwritableMsByPartition.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).ToList();
        return new RehearsalReport
        {
            Status = status,
            Summary = summary,
            ClusterId = before.ClusterId,
            Binding = settings.OverWire ? "kafka-protocol" : "in-process",
            FromVersion = before.Nodes.Where(n => n.State != NodeState.Decommissioned).Min(n => n.Version)!.ToString(),
            ToVersion = settings.Target.ToString(),
            InitialMetadataMode = before.MetadataMode.ToString(),
            FinalMetadataMode = after.MetadataMode.ToString(),
            FinalMetadataVersion = after.Features.MetadataVersionLevel is { } level ? Core.Versions.VersionCatalog.Default.FindMetadataVersion(level)?.Name ?? level.ToString(System.Globalization.CultureInfo.InvariantCulture) : after.Features.InterBrokerProtocolVersion,
            Brokers = after.Brokers.Count(b => b.State == NodeState.Running),
            Hops = hops,
            PartitionsMoved = Math.Max(result?.PartitionsMoved ?? 0, stats.ReassignmentsCompleted),
            BytesMoved = Math.Max(result?.BytesMoved ?? 0, stats.BytesReplicatedToNewReplicas),
            AckedWrites = stats.AckedWrites,
            LostAckedWrites = stats.LostAckedWrites,
            MinIsrViolations = stats.MinIsrViolations,
            UnsafeRemovals = stats.UnsafeRemovals,
            PartitionsUnavailable = unavailable.Count,
            MaxPartitionUnavailableSeconds = unavailable.Count == 0 ? 0 : unavailable[0].Value / 1000.0,
            LongestUnavailable = [.. unavailable.Take(10).Select(kv => new PartitionUnavailability(kv.Key, kv.Value / 1000.0))],
            SafetyEvents = [.. stats.SafetyEvents.Take(20)],
            ThrottleCleared = stats.ThrottleCleared,
            WorkerKills = kills,
            SimulatedSeconds = Math.Round(now.TotalSeconds, 1),
            LowerBoundSeconds = bound is null ? null : Math.Round(bound.Total.TotalSeconds, 1),
            OverheadSeconds = bound is null ? null : Math.Round((now - upgradeStartedAt - bound.Total).TotalSeconds, 1),
            WallSeconds = Math.Round(wall.TotalSeconds, 1),
        };
    }
}
