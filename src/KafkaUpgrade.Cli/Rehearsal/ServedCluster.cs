using System.Globalization;
using System.Net.Http.Json;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Core.Snapshots;
using KafkaUpgrade.Simulation.Wire.Control;

namespace KafkaUpgrade.Cli.Rehearsal;

/// <summary>
/// The simulated cluster served by a separate <c>kafka-upgrade simulate</c> process, as an operator would run it:
/// the workers reach it over Kafka's protocol and their command hooks, and the rehearsal watches it only through the
/// control endpoint the banner prints (<c>/v1/cluster</c>, <c>/v1/statistics</c>, <c>/v1/throttle</c>,
/// <c>/v1/snapshot</c>, <c>/v1/clock</c>). The process is killed on dispose, and its snapshot file removed.
/// </summary>
internal sealed class ServedCluster : IRehearsedCluster
{
    // A cold `simulate` starts the .NET host and binds a port per node: seconds on a loaded 2-core machine.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly CliProcess _process;
    private readonly string _snapshotFile;
    private readonly HttpClient _http;

    private ServedCluster(CliProcess process, string snapshotFile, Uri control, ClusterView view)
    {
        _process = process;
        _snapshotFile = snapshotFile;
        Control = control;
        View = view;
        _http = new HttpClient { BaseAddress = control, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The control endpoint's address.</summary>
    public Uri Control { get; }

    /// <summary>Where the process serves the cluster (bootstrap addresses, metrics), as <c>GET /v1/cluster</c> answered at start.</summary>
    public ClusterView View { get; }

    /// <summary>
    /// Starts <c>kafka-upgrade simulate</c> on the settings' cluster with its clock standing still, runs the producers'
    /// warm-up as the in-process rehearsal does, then sets the clock going at the settings' speed.
    /// </summary>
    public static async Task<ServedCluster> StartAsync(RehearsalSettings settings, CancellationToken cancellationToken)
    {
        var snapshotFile = Path.Combine(Path.GetTempPath(), $"kafka-upgrade-rehearsal-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(snapshotFile, ClusterSnapshotSerializer.Write(settings.Cluster), cancellationToken).ConfigureAwait(false);
        var process = CliProcess.Start(
        [
            "simulate", "--snapshot", snapshotFile, "--speed", "0",
            "--write-rate", (settings.WriteBytesPerSecondPerPartition / 1000).ToString(CultureInfo.InvariantCulture),
            "--seed", settings.Seed.ToString(CultureInfo.InvariantCulture),
            "--tick-ms", settings.TickMs.ToString(CultureInfo.InvariantCulture),
        ]);
        try
        {
            var control = new Uri(await process.WaitForLineAsync("control: ", StartTimeout, cancellationToken).ConfigureAwait(false), UriKind.Absolute);
            using var http = new HttpClient { BaseAddress = control, Timeout = TimeSpan.FromSeconds(30) };
            await PutClockAsync(http, new ClockRequest(AdvanceMs: (long)RehearsalSettings.WarmUp.TotalMilliseconds), cancellationToken).ConfigureAwait(false);
            await PutClockAsync(http, new ClockRequest(Speed: settings.Speed), cancellationToken).ConfigureAwait(false);
            var view = await GetAsync<ClusterView>(http, "v1/cluster", cancellationToken).ConfigureAwait(false);
            return new ServedCluster(process, snapshotFile, control, view);
        }
        catch
        {
            process.Dispose();
            File.Delete(snapshotFile);
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task<ClusterGlance> GlanceAsync(CancellationToken cancellationToken)
    {
        var view = await GetAsync<ClusterView>(_http, "v1/cluster", cancellationToken).ConfigureAwait(false);
        var running = view.Nodes.Count(n => n.State == NodeState.Running && n.Roles != "controller");
        return new ClusterGlance(TimeSpan.FromMilliseconds(view.Clock.SimulatedMs), view.MetadataMode, running);
    }

    /// <inheritdoc/>
    public async Task<ClusterState> SnapshotAsync(CancellationToken cancellationToken) =>
        ClusterSnapshotSerializer.Read(await _http.GetStringAsync(new Uri("v1/snapshot", UriKind.Relative), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public async Task<RehearsalTally> TallyAsync(CancellationToken cancellationToken)
    {
        var stats = await GetAsync<StatisticsView>(_http, "v1/statistics", cancellationToken).ConfigureAwait(false);
        var throttle = await GetAsync<ThrottleView>(_http, "v1/throttle", cancellationToken).ConfigureAwait(false);
        return new RehearsalTally(TimeSpan.FromMilliseconds(stats.SimulatedMs), stats.AckedWrites, Math.Max(stats.LostAckedWrites, stats.LostAckedWritesRecount),
            stats.MinIsrViolations, stats.UnsafeRemovals, stats.ReassignmentsCompleted, (long)stats.BytesReplicatedToNewReplicas, stats.UnwritableMsByPartition,
            stats.SafetyEvents, throttle.Throttle is null);
    }

    /// <summary>Kills the process and removes its snapshot file.</summary>
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        _process.Dispose();
        try
        {
            File.Delete(_snapshotFile);
        }
        catch (IOException)
        {
            // The temporary folder is the system's to clean.
        }

        return ValueTask.CompletedTask;
    }

    private static async Task PutClockAsync(HttpClient http, ClockRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync(new Uri("v1/clock", UriKind.Relative), request, ControlJson.Options, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, "PUT v1/clock", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> GetAsync<T>(HttpClient http, string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, $"GET {path}", cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(ControlJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"the simulate process answered {path} with null");
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException($"the simulate process refused {call}: {(int)response.StatusCode} {body}");
        }
    }

    // The shapes of /v1/statistics and /v1/throttle (the control endpoint's README).
    private sealed record StatisticsView(
        long SimulatedMs, long AckedWrites, long LostAckedWrites, long LostAckedWritesRecount, long MinIsrViolations, long UnsafeRemovals,
        double BytesReplicatedToNewReplicas, long ReassignmentsCompleted, Dictionary<string, long> UnwritableMsByPartition, List<string> SafetyEvents);

    private sealed record ThrottleView(ReplicationThrottle? Throttle);
}
