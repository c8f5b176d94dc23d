using System.Diagnostics;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Support;
using KafkaUpgrade.Workflows.Tests.EndToEnd.Scale;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>
/// History stays bounded on the large cluster (200 brokers, 100,000 partitions): the real workflows and
/// activities upgrade it (3.8 ZooKeeper to 3.9) against a <see cref="ModelCluster"/>, then every run of every
/// workflow of the operation (children, continued runs) is counted. Bounds: under
/// <see cref="MaxEventsPerRun"/> events per run (Temporal refuses a run past 51,200 events or 50 MB) and no payload
/// (activity input or result, workflow or continue-as-new input, signal, query result) at Temporal's 512 KB warning
/// level, let alone its 2 MB blob limit.
/// </summary>
[Collection(TemporalCollection.Name)]
public class HistoryBoundTests(TemporalFixture temporal, Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>Our bound per run: a fifth of Temporal's hard limit, so a slower cluster (more polls per batch) still fits.</summary>
    private const int MaxEventsPerRun = 10_000;

    /// <summary>Temporal's default blob size limit (<c>limit.blobSize.error</c>).</summary>
    private const int MaxPayloadBytes = 2 * 1024 * 1024;

    /// <summary>Temporal's default warning level (<c>limit.blobSize.warn</c>).</summary>
    private const int WarnPayloadBytes = 512 * 1024;

    /// <summary>Temporal's history size limit (<c>limit.historySize.error</c>).</summary>
    private const long MaxHistoryBytes = 50L * 1024 * 1024;

    private static readonly StepTiming Fast = new(PollIntervalMs: 10, StallAfterMs: 600_000);

    [Fact]
    public async Task Replacing_all_200_brokers_then_rolling_the_protocol_rack_by_rack_keeps_every_run_and_payload_bounded()
    {
        // Node replacement in batches of 6 old brokers (34 batches, so the child continues as new), then the protocol
        // bump rack by rack. A restart takes longer than submitting the whole rack (as on a real cluster), so a third of
        // the brokers are down together and every partition is under-replicated: the health gate's verdict then names
        // 100,000 partitions, which must not reach history as one payload.
        var input = new ClusterUpgradeInput("", "3.9", UpgradeStrategy.NodeReplacement, ReplacementBatchSize: 6, RestartBatchSize: 100, Timing: Fast, PreApproved: true);
        var runs = await UpgradeAsync(input, new ModelTiming(StartCalls: 250, RejoinCalls: 3));

        Assert.Contains(runs, r => r.WorkflowType == "NodeReplacement" && r.Events[^1].EventType == EventType.WorkflowExecutionContinuedAsNew);
    }

    [Fact]
    public async Task Rolling_one_broker_at_a_time_continues_as_new_and_keeps_every_run_bounded()
    {
        // Scaled (40 brokers, 20,000 partitions) to stay within CI time: 200 single-broker batches twice take minutes
        // even with sticky queues (the cost is the worker and the cluster model, see the history-bound benchmark).
        // Per-run figures depend on batches per run (continue-as-new caps them), not on the cluster's size.
        var input = new ClusterUpgradeInput("", "3.9", UpgradeStrategy.RollingUpgrade, RestartBatchSize: 1, Timing: Fast, PreApproved: true);
        var runs = await UpgradeAsync(input, new ModelTiming(), spec => spec with { Brokers = 40, Partitions = 20_000, Topics = 100 });

        Assert.Contains(runs, r => r.WorkflowType == "RollingUpgrade" && r.Events[^1].EventType == EventType.WorkflowExecutionContinuedAsNew);
    }

    private async Task<IReadOnlyList<RunHistory>> UpgradeAsync(ClusterUpgradeInput template, ModelTiming timing, Func<Core.Synthetic.SyntheticClusterSpec, Core.Synthetic.SyntheticClusterSpec>? shape = null)
    {
        var watch = Stopwatch.StartNew();
        await using var harness = new LargeClusterHarness(temporal.Client, timing, shape);
        var input = template with { ClusterId = harness.ClusterId };
        var handle = await temporal.Client.StartWorkflowAsync(
            (ClusterUpgradeWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(WorkflowIds.ForCluster(harness.ClusterId), harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(5) });
        var result = await handle.GetResultAsync();
        var upgraded = watch.Elapsed;

        Assert.True(result.Outcome == OperationOutcome.Completed, result.Summary);
        var state = await harness.Cluster.DescribeClusterAsync();
        Assert.Equal(harness.Initial.Brokers.Count(), state.Brokers.Count(b => b.State == NodeState.Running));
        Assert.All(state.Brokers.Where(b => b.State == NodeState.Running), b => Assert.Equal(new KafkaVersion(3, 9), b.Version.Line));
        Assert.Equal(harness.Initial.PartitionCount, state.PartitionCount);

        var runs = await HistoryCensus.CollectAsync(temporal.Client, handle.Id, handle.FirstExecutionRunId ?? handle.ResultRunId!);
        await AssertVisibilityListsNothingMoreAsync(harness.TaskQueue, runs);
        var queries = new[]
        {
            ("query plan", Size(await handle.QueryAsync<UpgradePlan?>("plan", []))),
            ("query progress", Size(await handle.QueryAsync<OperationProgress>("progress", []))),
        };

        Report(runs, queries, upgraded, watch.Elapsed, harness.Cluster.Calls, harness.Initial.Brokers.Count(), harness.Initial.PartitionCount);
        Assert.All(runs, run =>
        {
            Assert.True(run.Events.Count < MaxEventsPerRun, $"{run.WorkflowId} run {run.RunId} has {run.Events.Count} events (bound {MaxEventsPerRun})");
            Assert.True(run.Bytes < MaxHistoryBytes, $"{run.WorkflowId} run {run.RunId} has {run.Bytes} bytes of history");
            Assert.True(run.LargestPayload < WarnPayloadBytes, $"{run.WorkflowId} run {run.RunId}: {run.LargestPayloadEvent.EventType} (event {run.LargestPayloadEvent.EventId}) carries {run.LargestPayload:N0} bytes, at Temporal's 512 KB warning level (the limit is 2 MB)");
        });
        Assert.All(queries, q => Assert.True(q.Item2 < WarnPayloadBytes, $"{q.Item1} returns {q.Item2:N0} bytes"));
        return runs;
    }

    /// <summary>Visibility (what an operator lists) must not show a run the census missed.</summary>
    private async Task AssertVisibilityListsNothingMoreAsync(string taskQueue, IReadOnlyList<RunHistory> runs)
    {
        var found = runs.Select(r => $"{r.WorkflowId}/{r.RunId}").ToHashSet(StringComparer.Ordinal);
        await foreach (var listed in temporal.Client.ListWorkflowsAsync($"TaskQueue = '{taskQueue}'"))
        {
            Assert.Contains($"{listed.Id}/{listed.RunId}", found);
        }
    }

    private static int Size<T>(T value) => Temporalio.Converters.DataConverter.Default.PayloadConverter.ToPayload(value).CalculateSize();

    private void Report(IReadOnlyList<RunHistory> runs, IEnumerable<(string Name, int Bytes)> queries, TimeSpan upgraded, TimeSpan total, long portCalls, int brokers, int partitions)
    {
        output.WriteLine($"cluster: {brokers} brokers, {partitions:N0} partitions; upgrade done in {upgraded.TotalSeconds:0.0} s ({portCalls:N0} port calls), census and checks done at {total.TotalSeconds:0.0} s");
        output.WriteLine($"{runs.Count} run(s) of {runs.Select(r => r.WorkflowId).Distinct().Count()} workflow(s), {runs.Sum(r => r.Events.Count):N0} events in all");
        foreach (var run in runs)
        {
            var warn = run.LargestPayload >= WarnPayloadBytes ? " (over Temporal's 512 KB warning level)" : string.Empty;
            output.WriteLine($"  {run.WorkflowType,-16} {run.WorkflowId} run {run.RunId[..Math.Min(8, run.RunId.Length)]}: {run.Events.Count,5} events, {run.Bytes / 1024.0,8:0.0} KB, largest payload {run.LargestPayload,9:N0} B in {run.LargestPayloadEvent.EventType}{warn}");
        }

        foreach (var (name, bytes) in queries)
        {
            output.WriteLine($"  {name}: {bytes:N0} B");
        }

        var largest = runs.MaxBy(r => r.LargestPayload)!;
        output.WriteLine($"largest run: {runs.Max(r => r.Events.Count):N0} events (bound {MaxEventsPerRun:N0}); largest payload: {largest.LargestPayload:N0} B ({largest.LargestPayloadEvent.EventType} in {largest.WorkflowId}; limit {MaxPayloadBytes:N0} B)");
    }
}
