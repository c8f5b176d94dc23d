using System.Runtime.CompilerServices;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Workflows.Contracts;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace KafkaUpgrade.Client;

/// <summary>
/// One running (or finished) operation: read its progress and plan, steer it (pause, resume, approve, abort,
/// throttle, batch size), watch it and await its result. Commands go to the top-level workflow, which forwards them
/// to the hop running now.
/// </summary>
public sealed class OperationHandle
{
    private readonly WorkflowHandle _handle;
    private string? _workflowType;

    internal OperationHandle(WorkflowHandle handle, string? clusterId)
    {
        _handle = handle;
        ClusterId = clusterId;
    }

    /// <summary>Workflow id of the operation.</summary>
    public string WorkflowId => _handle.Id;

    /// <summary>The cluster, when the handle was made from it.</summary>
    public string? ClusterId { get; }

    /// <summary>Temporal's view of the operation: type, status, times.</summary>
    public async Task<OperationSummary> DescribeAsync(CancellationToken cancellationToken = default)
    {
        var description = await Call(() => _handle.DescribeAsync(new WorkflowDescribeOptions { Rpc = Rpc(cancellationToken) })).ConfigureAwait(false);
        _workflowType = description.WorkflowType;
        var attributes = description.TypedSearchAttributes;
        attributes.TryGetValue(Workflows.Support.UpgradeSearchAttributes.ClusterId, out var cluster);
        attributes.TryGetValue(Workflows.Support.UpgradeSearchAttributes.Phase, out var phase);
        attributes.TryGetValue(Workflows.Support.UpgradeSearchAttributes.TargetVersion, out var target);
        return new OperationSummary(description.Id, description.RunId, description.WorkflowType, cluster ?? ClusterId, phase, target, description.Status.ToString(), description.StartTime, description.CloseTime);
    }

    /// <summary>Where it is, how far, the estimate and why it waits (query <c>progress</c>).</summary>
    public Task<OperationProgress> GetProgressAsync(CancellationToken cancellationToken = default) =>
        Call(() => _handle.QueryAsync<OperationProgress>("progress", [], new WorkflowQueryOptions { Rpc = Rpc(cancellationToken) }));

    /// <summary>The plan being run (query <c>plan</c>; ClusterUpgrade only), or null before it is made.</summary>
    public Task<UpgradePlan?> GetPlanAsync(CancellationToken cancellationToken = default) =>
        Call(() => _handle.QueryAsync<UpgradePlan?>("plan", [], new WorkflowQueryOptions { Rpc = Rpc(cancellationToken) }));

    /// <summary>Pauses at the next safe point; the reason shows in progress.</summary>
    public Task PauseAsync(string? reason = null, CancellationToken cancellationToken = default) =>
        CommandAsync("pause", [reason], new OperatorCommand(OperatorCommandKind.Pause, reason), cancellationToken);

    /// <summary>Continues after a pause.</summary>
    public Task ResumeAsync(CancellationToken cancellationToken = default) =>
        CommandAsync("resume", [], new OperatorCommand(OperatorCommandKind.Resume), cancellationToken);

    /// <summary>Aborts: rolls back where possible (e.g. a migration before finalization), stops safely otherwise.</summary>
    public Task AbortAsync(string? reason = null, CancellationToken cancellationToken = default) =>
        CommandAsync("abort", [reason], new OperatorCommand(OperatorCommandKind.Abort, reason), cancellationToken);

    /// <summary>Changes the replication throttle (bytes per second per broker) of the data moving now and later.</summary>
    public Task SetThrottleAsync(long bytesPerSecond, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond, 1);
        return CommandAsync("set-throttle", [bytesPerSecond], new OperatorCommand(OperatorCommandKind.SetThrottle, Value: bytesPerSecond), cancellationToken);
    }

    /// <summary>Changes the batch size from the next batch on.</summary>
    public Task SetBatchSizeAsync(int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return CommandAsync("set-batch-size", [batchSize], new OperatorCommand(OperatorCommandKind.SetBatchSize, Value: batchSize), cancellationToken);
    }

    /// <summary>
    /// Approves the gate waiting for approval (a rollback boundary), named by the id <c>progress</c> and
    /// <c>status</c> show, through the workflow's validated <c>approve</c> update: refused
    /// (<see cref="WorkflowUpdateFailedException"/>) when no gate waits, another one does, or none is named. Returns
    /// the gate approved.
    /// </summary>
    public Task<string> ApproveAsync(string gate, CancellationToken cancellationToken = default) =>
        Call(() => _handle.ExecuteUpdateAsync<string>("approve", [gate], new WorkflowUpdateOptions { Rpc = Rpc(cancellationToken) }));

    /// <summary>Waits for the end and returns the result; a failed operation raises <see cref="WorkflowFailedException"/>.</summary>
    public Task<OperationResult> GetResultAsync(CancellationToken cancellationToken = default) =>
        Call(() => _handle.GetResultAsync<OperationResult>(followRuns: true, new RpcOptions { CancellationToken = cancellationToken }));

    /// <summary>
    /// Progress every <paramref name="interval"/> while the operation runs (each change once), ending when it
    /// closes. Transient query failures (no worker right now, e.g. during a worker restart) are skipped.
    /// </summary>
    public async IAsyncEnumerable<OperationProgress> WatchAsync(TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        OperationProgress? last = null;
        while (true)
        {
            var summary = await DescribeAsync(cancellationToken).ConfigureAwait(false);
            OperationProgress? progress = null;
            try
            {
                progress = await GetProgressAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.Code is RpcException.StatusCode.DeadlineExceeded or RpcException.StatusCode.Unavailable)
            {
                // No worker answered in time (e.g. one is restarting): the next round asks again.
            }

            if (progress is not null && progress != last)
            {
                last = progress;
                yield return progress;
            }

            if (summary.Status != WorkflowExecutionStatus.Running.ToString())
            {
                yield break;
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CommandAsync(string signal, object?[] args, OperatorCommand command, CancellationToken cancellationToken)
    {
        if (await IsClusterUpgradeAsync(cancellationToken).ConfigureAwait(false))
        {
            await Call(() => _handle.SignalAsync(signal, args, new WorkflowSignalOptions { Rpc = Rpc(cancellationToken) })).ConfigureAwait(false);
        }
        else
        {
            // Hop workflows started on their own take every command through one signal.
            await Call(() => _handle.SignalAsync("control", [command], new WorkflowSignalOptions { Rpc = Rpc(cancellationToken) })).ConfigureAwait(false);
        }
    }

    private async Task<bool> IsClusterUpgradeAsync(CancellationToken cancellationToken)
    {
        if (_workflowType is null)
        {
            await DescribeAsync(cancellationToken).ConfigureAwait(false);
        }

        return _workflowType == "ClusterUpgrade";
    }

    private static RpcOptions Rpc(CancellationToken cancellationToken) => new() { CancellationToken = cancellationToken };

    private async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.Code == RpcException.StatusCode.NotFound)
        {
            throw new OperationNotFoundException(_handle.Id, ex);
        }
    }

    private async Task Call(Func<Task> call) => await Call(async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    }).ConfigureAwait(false);
}
