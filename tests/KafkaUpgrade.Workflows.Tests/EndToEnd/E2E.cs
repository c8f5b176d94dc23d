using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Support;
using Temporalio.Client;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>
/// What the end-to-end tests share: waiting on a condition (never a fixed sleep), reading progress, starting the
/// operation of a harness's cluster.
/// </summary>
internal static class E2E
{
    /// <summary>Poll interval and stall reporting fast enough for a simulator running ~1000x real time.</summary>
    public static readonly StepTiming Fast = new(PollIntervalMs: 100, StallAfterMs: 60_000);

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds; fails naming <paramref name="what"/> and the last value.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(45));
        T last = default!;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await read();
                lastError = null;
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception ex) when (ex is Temporalio.Exceptions.RpcException or Temporalio.Exceptions.WorkflowQueryFailedException)
            {
                // A query can fail while a workflow task is being retried; the condition decides, not one answer.
                lastError = ex;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last seen: {last}{(lastError is null ? string.Empty : $" (last error: {lastError.Message})")}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), ok => ok, what, timeout);

    /// <summary>The operation's progress (query <c>progress</c>).</summary>
    public static Task<OperationProgress> ProgressAsync(this WorkflowHandle<ClusterUpgradeWorkflow, OperationResult> handle) =>
        handle.QueryAsync(wf => wf.Progress);

    /// <summary>Waits until the operation's progress satisfies <paramref name="done"/>.</summary>
    public static Task<OperationProgress> ProgressUntilAsync(this WorkflowHandle<ClusterUpgradeWorkflow, OperationResult> handle, Func<OperationProgress, bool> done, string what, TimeSpan? timeout = null) =>
        UntilAsync(handle.ProgressAsync, done, what, timeout);

    /// <summary>Any workflow's progress by id (a child's).</summary>
    public static Task<OperationProgress> ProgressOfAsync(this ITemporalClient client, string workflowId) =>
        client.GetWorkflowHandle(workflowId).QueryAsync<OperationProgress>("progress", []);

    /// <summary>Starts ClusterUpgrade on the harness's cluster and task queue (workflow id <c>kafka-upgrade-{clusterId}</c>).</summary>
    public static Task<WorkflowHandle<ClusterUpgradeWorkflow, OperationResult>> StartUpgradeAsync(this UpgradeHarness harness, ClusterUpgradeInput input) =>
        harness.Client.StartWorkflowAsync(
            (ClusterUpgradeWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(WorkflowIds.ForCluster(harness.ClusterId), harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(3) });

    /// <summary>
    /// What every operation must leave however it ends: no acknowledged write lost, no partition taken below
    /// min.insync.replicas, no node removed while it held data, and no replication throttle left behind.
    /// </summary>
    public static async Task AssertNothingLostAsync(this UpgradeHarness harness)
    {
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
        Assert.Equal(0, harness.Simulator.Statistics.MinIsrViolations);
        Assert.Equal(0, harness.Simulator.Statistics.UnsafeRemovals);
        Assert.Null(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());
    }

    /// <summary>Node ids, states and versions: what "nothing changed" is checked on.</summary>
    public static string Fingerprint(this ClusterState state) =>
        $"{state.MetadataMode} {state.Features.InterBrokerProtocolVersion} " + string.Join(" ", state.Nodes.OrderBy(n => n.Id).Select(n => $"{n.Id}:{n.Version}:{n.State}"));

    /// <summary>The sample already on 3.9 with inter.broker.protocol.version 3.9: ready for the KRaft migration.</summary>
    public static ClusterState On39(ClusterState sample) => sample with
    {
        Nodes = sample.Nodes.Select(n => n with { Version = KafkaVersion.Parse("3.9.0") }).ToList(),
        Features = sample.Features with { InterBrokerProtocolVersion = "3.9-IV0" },
    };
}
