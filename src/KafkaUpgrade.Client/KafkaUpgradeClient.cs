using System.Runtime.CompilerServices;
using KafkaUpgrade.Workflows;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Support;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace KafkaUpgrade.Client;

/// <summary>
/// The front door for other .NET services: start an upgrade or a migration for a cluster, find operations, and
/// steer or watch one through its <see cref="OperationHandle"/>. Thin over the Temporal client: everything it does
/// can also be done with any Temporal SDK or the <c>temporal</c> CLI by workflow type, task queue and JSON input.
/// </summary>
public sealed class KafkaUpgradeClient
{
    /// <summary>Wraps an existing Temporal client; operations are started on <paramref name="taskQueue"/>.</summary>
    public KafkaUpgradeClient(ITemporalClient temporal, string taskQueue = KafkaUpgradeClientOptions.DefaultTaskQueue)
    {
        ArgumentNullException.ThrowIfNull(temporal);
        ArgumentException.ThrowIfNullOrWhiteSpace(taskQueue);
        Temporal = temporal;
        TaskQueue = taskQueue;
    }

    /// <summary>The underlying Temporal client.</summary>
    public ITemporalClient Temporal { get; }

    /// <summary>Task queue operations are started on.</summary>
    public string TaskQueue { get; }

    /// <summary>Connects to Temporal; an unreachable server raises <see cref="TemporalUnreachableException"/> naming the address.</summary>
    public static async Task<KafkaUpgradeClient> ConnectAsync(KafkaUpgradeClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            var temporal = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(options.Address) { Namespace = options.Namespace })
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            return new KafkaUpgradeClient(temporal, options.TaskQueue);
        }
        catch (Exception ex) when (ex is InvalidOperationException or RpcException or TimeoutException)
        {
            throw new TemporalUnreachableException(options.Address, ex);
        }
    }

    /// <summary>
    /// Starts the whole upgrade of <see cref="ClusterUpgradeInput.ClusterId"/> (workflow <c>ClusterUpgrade</c>, id
    /// <c>kafka-upgrade-{clusterId}</c>). Invalid input raises <see cref="InvalidOperationInputException"/> and a
    /// cluster with an operation running raises <see cref="OperationAlreadyRunningException"/>; neither starts anything.
    /// </summary>
    public async Task<OperationHandle> StartUpgradeAsync(ClusterUpgradeInput input, CancellationToken cancellationToken = default)
    {
        var problems = InputValidation.Problems(input);
        if (problems.Count > 0)
        {
            throw new InvalidOperationInputException(problems);
        }

        return await StartAsync(
            input.ClusterId,
            async id => await Temporal.StartWorkflowAsync((ClusterUpgradeWorkflow wf) => wf.RunAsync(input), Options(id, input.ClusterId, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts only the ZooKeeper to KRaft migration of a 3.9 cluster (workflow <c>KRaftMigration</c>), under the
    /// same one-operation-per-cluster id.
    /// </summary>
    public async Task<OperationHandle> StartMigrationAsync(KRaftMigrationInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(input.ClusterId))
        {
            problems.Add("ClusterId is empty");
        }

        if (input.RestartBatchSize < 1)
        {
            problems.Add($"RestartBatchSize must be at least 1, was {input.RestartBatchSize}");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationInputException(problems);
        }

        return await StartAsync(
            input.ClusterId,
            async id => await Temporal.StartWorkflowAsync((KRaftMigrationWorkflow wf) => wf.RunAsync(input), Options(id, input.ClusterId, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>
    /// What an operation that could not clean up (terminated, failed) left on the cluster, and, unless
    /// <paramref name="dryRun"/>, clears what is safe to clear (the replication throttle, reassignments in flight)
    /// through the <c>ClusterRepair</c> workflow on a worker that serves the cluster. Refused with
    /// <see cref="OperationAlreadyRunningException"/> while an operation runs on the cluster (it would clear that
    /// operation's throttle). <paramref name="timeout"/> bounds the wait for a worker.
    /// </summary>
    public async Task<Activities.Contracts.RepairReport> RepairAsync(string clusterId, bool dryRun, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        var rpc = new RpcOptions { CancellationToken = cancellationToken };
        try
        {
            var operation = await Temporal.GetWorkflowHandle(WorkflowIds.ForCluster(clusterId)).DescribeAsync(new WorkflowDescribeOptions { Rpc = rpc }).ConfigureAwait(false);
            if (operation.Status == Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running)
            {
                throw new OperationAlreadyRunningException(clusterId, operation.Id, operation.RunId);
            }
        }
        catch (RpcException ex) when (ex.Code == RpcException.StatusCode.NotFound)
        {
            // No operation ever ran under this id: nothing to be careful about.
        }

        var options = new WorkflowOptions(WorkflowIds.ForRepair(clusterId), TaskQueue)
        {
            StaticSummary = $"{(dryRun ? "Inspect" : "Repair")} {clusterId}",
            ExecutionTimeout = timeout ?? TimeSpan.FromMinutes(2),
            Rpc = rpc,
        };
        try
        {
            var handle = await Temporal.StartWorkflowAsync((ClusterRepairWorkflow wf) => wf.RunAsync(new RepairInput(clusterId, dryRun)), options).ConfigureAwait(false);
            return await handle.GetResultAsync(rpcOptions: rpc).ConfigureAwait(false);
        }
        catch (WorkflowAlreadyStartedException ex)
        {
            throw new OperationAlreadyRunningException(clusterId, ex.WorkflowId, ex.RunId, ex);
        }
    }

    /// <summary>The operation of a cluster (running or the latest one), by cluster id.</summary>
    public OperationHandle GetOperation(string clusterId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        return new OperationHandle(Temporal.GetWorkflowHandle(WorkflowIds.ForCluster(clusterId)), clusterId);
    }

    /// <summary>An operation by its workflow id (e.g. one listed by <see cref="ListAsync"/>).</summary>
    public OperationHandle GetOperationByWorkflowId(string workflowId, string? runId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        return new OperationHandle(Temporal.GetWorkflowHandle(workflowId, runId), null);
    }

    /// <summary>
    /// Top-level operations (ClusterUpgrade and KRaftMigration runs), newest first; optionally only running ones
    /// and only those of one cluster (by the <c>KafkaClusterId</c> search attribute).
    /// </summary>
    public async IAsyncEnumerable<OperationSummary> ListAsync(bool runningOnly = false, string? clusterId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var query = "(WorkflowType = 'ClusterUpgrade' OR WorkflowType = 'KRaftMigration')";
        if (runningOnly)
        {
            query += " AND ExecutionStatus = 'Running'";
        }

        if (clusterId is not null)
        {
            query += $" AND {UpgradeSearchAttributes.ClusterId.Name} = '{clusterId.Replace("'", string.Empty, StringComparison.Ordinal)}'";
        }

        await foreach (var execution in Temporal.ListWorkflowsAsync(query, new WorkflowListOptions { Rpc = new RpcOptions { CancellationToken = cancellationToken } }).ConfigureAwait(false))
        {
            var attributes = execution.TypedSearchAttributes;
            attributes.TryGetValue(UpgradeSearchAttributes.ClusterId, out var cluster);
            attributes.TryGetValue(UpgradeSearchAttributes.Phase, out var phase);
            attributes.TryGetValue(UpgradeSearchAttributes.TargetVersion, out var target);
            yield return new OperationSummary(
                execution.Id,
                execution.RunId,
                execution.WorkflowType,
                cluster,
                phase,
                target,
                execution.Status.ToString(),
                execution.StartTime,
                execution.CloseTime);
        }
    }

    private WorkflowOptions Options(string id, string clusterId, CancellationToken cancellationToken) => new(id, TaskQueue)
    {
        StaticSummary = $"Kafka operation on {clusterId}",
        Rpc = new RpcOptions { CancellationToken = cancellationToken },
    };

    private static async Task<OperationHandle> StartAsync(string clusterId, Func<string, Task<WorkflowHandle>> start)
    {
        var id = WorkflowIds.ForCluster(clusterId);
        try
        {
            var handle = await start(id).ConfigureAwait(false);
            return new OperationHandle(handle, clusterId);
        }
        catch (WorkflowAlreadyStartedException ex)
        {
            throw new OperationAlreadyRunningException(clusterId, ex.WorkflowId, ex.RunId, ex);
        }
    }
}
