using KafkaUpgrade.Activities;
using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Steering;
using KafkaUpgrade.Workflows.Support;
using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows;

/// <summary>
/// In-place rolling restart with a configuration change (new version, inter-broker protocol, migration flags).
/// Per batch from the restart planner (controllers one at a time, the active one last; brokers sharing no
/// partition together): wait until the cluster is healthy and the stop gate allows, restart (controlled shutdown
/// moves leadership away), wait until the nodes run the new configuration and are back in every ISR.
/// </summary>
[Workflow("RollingUpgrade")]
public sealed class RollingUpgradeWorkflow
{
    /// <summary>Timing of this run (activity timeouts); set when the run starts, before any activity.</summary>
    private StepTiming? _timing;

    /// <summary>History length after which a run continues as new between batches.</summary>
    internal const int ContinueAsNewAfterEvents = 2_000;

    private readonly OperatorControls _controls;
    private readonly ProgressState _progress = new();

    /// <summary>Restores operator controls carried over a continue-as-new before any signal is handled.</summary>
    [WorkflowInit]
    public RollingUpgradeWorkflow(RollingUpgradeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _controls = new OperatorControls(input.Carried?.Controls, followsCancellation: true);
    }

    /// <summary>Progress for operators (query <c>progress</c>).</summary>
    [WorkflowQuery("progress")]
    public OperationProgress Progress => _progress.Current;

    /// <summary>Operator command, usually forwarded by the parent operation (signal <c>control</c>).</summary>
    [WorkflowSignal("control")]
    public async Task ControlAsync(OperatorCommand command)
    {
        _controls.Apply(command);
        _progress.Controls(_controls);
        await _progress.FlushAsync();
    }

    /// <summary>Runs the rolling restart.</summary>
    [WorkflowRun]
    public async Task<OperationResult> RunAsync(RollingUpgradeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _progress.AttachParent(input.ParentWorkflowId);
        var timing = input.Timing ?? new StepTiming();
        _timing = timing;
        await ClusterLeases.AcquireForHopAsync(input.ClusterId, timing);
        var batches = input.Carried?.RemainingBatches ?? await PlanAsync(input);
        var total = input.Carried?.NodesTotal ?? batches.Sum(b => b.Count);
        var done = input.Carried?.NodesDone ?? 0;
        _progress.Nodes(done, total);

        for (var i = 0; i < batches.Count; i++)
        {
            if (i > 0 && Workflow.Patched("replan-each-batch"))
            {
                // Planned again against the cluster as it is now: a topic created mid-roll can put two replicas of a
                // partition on nodes that were planned into one batch.
                batches = [.. batches.Take(i), .. await PlanAsync(input.ClusterId, batches.Skip(i).SelectMany(b => b).ToList(), input.RestartBatchSize)];
            }

            var batch = batches[i];
            _progress.Phase($"Rolling {done + 1}-{done + batch.Count} of {total}", $"nodes {string.Join(",", batch)}: {input.Change.Describe()}");
            await _progress.FlushAsync();
            if (!await RestartBatchAsync(input, batch, timing))
            {
                return new OperationResult(OperationOutcome.Aborted, $"Aborted after {done} of {total} node(s): {_controls.AbortReason}", done);
            }

            done += batch.Count;
            _progress.Nodes(done, total);
            if (i + 1 < batches.Count && Workflow.Patched("elect-after-each-batch"))
            {
                // Leadership back to the preferred replicas after each batch, not only at the end: otherwise the
                // nodes not yet restarted lead ever more partitions as the roll goes on.
                await Workflow.ExecuteActivityAsync((ReassignmentActivities a) => a.ElectPreferredLeadersAsync(input.ClusterId), ActivityDefaults.Call(_timing, "preferred leader election"));
            }

            if (i + 1 < batches.Count && (Workflow.CurrentHistoryLength > ContinueAsNewAfterEvents || Workflow.ContinueAsNewSuggested))
            {
                var next = input with { Carried = new RollingUpgradeCarry(batches.Skip(i + 1).ToList(), done, total, _controls.Snapshot()) };
                throw Workflow.CreateContinueAsNewException((RollingUpgradeWorkflow wf) => wf.RunAsync(next));
            }
        }

        _progress.Phase("Done", "restoring preferred leaders");
        await Workflow.ExecuteActivityAsync((ReassignmentActivities a) => a.ElectPreferredLeadersAsync(input.ClusterId), ActivityDefaults.Call(_timing, "preferred leader election"));
        await _progress.FlushAsync();
        return new OperationResult(OperationOutcome.Completed, $"Restarted {total} node(s) with {input.Change.Describe()}", total);
    }

    private Task<IReadOnlyList<IReadOnlyList<int>>> PlanAsync(RollingUpgradeInput input) => PlanAsync(input.ClusterId, input.NodeIds ?? [], input.RestartBatchSize);

    private async Task<IReadOnlyList<IReadOnlyList<int>>> PlanAsync(string clusterId, IReadOnlyList<int> nodeIds, int batchSize)
    {
        var request = new NodesRequest(clusterId, nodeIds);
        var plan = await Workflow.ExecuteActivityAsync(
            (ClusterActivities a) => a.PlanRestartsAsync(request, batchSize),
            ActivityDefaults.Call(_timing, "plan restart batches"));
        return plan.Batches.Select(b => b.NodeIds).ToList();
    }

    private async Task<bool> RestartBatchAsync(RollingUpgradeInput input, IReadOnlyList<int> batch, StepTiming timing)
    {
        var infos = await DescribeAsync(input.ClusterId, batch);
        var targets = infos.ToDictionary(n => n.NodeId, n => input.Change.Apply(n.Config));
        var pending = infos.Where(n => !(n.State == NodeState.Running && n.Config.SameAs(targets[n.NodeId]))).Select(n => n.NodeId).ToList();
        if (pending.Count == 0)
        {
            return true;
        }

        var all = await LiveNodesAsync(input.ClusterId);
        var healthy = new WaitRequest(input.ClusterId, WaitKind.Health, 0, 0, NodeIds: all);
        if (!await Waits.ForAsync(healthy, () => CheckHealthAsync(input.ClusterId, all), _controls, _progress, timing))
        {
            return false;
        }

        foreach (var node in pending)
        {
            var restarted = await Waits.ThenAsync(
                new WaitRequest(input.ClusterId, WaitKind.RestartAllowed, 0, 0, NodeIds: [node], Configs: new Dictionary<int, NodeConfig> { [node] = targets[node] }),
                async () =>
                {
                    var outcome = await Workflow.ExecuteActivityAsync(
                        (NodeActivities a) => a.RestartNodeAsync(new RestartNodeRequest(input.ClusterId, node, targets[node])),
                        ActivityDefaults.Call(_timing, $"restart node {node}"));
                    return outcome.Started ? Core.Safety.GateVerdict.Allow("done") : Core.Safety.GateVerdict.Refuse(outcome.Reason, []);
                },
                _controls,
                _progress,
                timing);
            if (!restarted)
            {
                return false;
            }
        }

        _progress.Step($"waiting for nodes {string.Join(",", pending)} to run {input.Change.Describe()}");
        var running = new WaitRequest(input.ClusterId, WaitKind.NodesRunning, 0, 0, NodeIds: pending, Configs: pending.ToDictionary(n => n, n => targets[n]));
        if (!await Waits.ForAsync(running, () => AsVerdict(NotYetRunningAsync(input.ClusterId, pending, targets)), _controls, _progress, timing))
        {
            return false;
        }

        _progress.Step($"waiting for nodes {string.Join(",", pending)} to rejoin every ISR");
        return await Waits.ForAsync(healthy, () => CheckHealthAsync(input.ClusterId, all), _controls, _progress, timing);
    }

    private static async Task<Core.Safety.GateVerdict> AsVerdict(Task<string?> check) =>
        await check is { } reason ? Core.Safety.GateVerdict.Refuse(reason, []) : Core.Safety.GateVerdict.Allow("done");

    private async Task<string?> NotYetRunningAsync(string clusterId, IReadOnlyList<int> nodes, Dictionary<int, NodeConfig> targets)
    {
        var infos = await DescribeAsync(clusterId, nodes);
        var waiting = infos.Where(n => !(n.State == NodeState.Running && n.Config.SameAs(targets[n.NodeId])))
            .Select(n => n.State == NodeState.Failed ? $"node {n.NodeId} failed to start: {n.FailureReason}" : $"node {n.NodeId} is {n.State}")
            .ToList();
        return waiting.Count == 0 ? null : string.Join("; ", waiting);
    }

    private Task<IReadOnlyList<NodeInfo>> DescribeAsync(string clusterId, IReadOnlyList<int> nodes) =>
        Workflow.ExecuteActivityAsync((NodeActivities a) => a.DescribeNodesAsync(new NodesRequest(clusterId, nodes)), ActivityDefaults.Call(_timing, "describe nodes"));

    private async Task<IReadOnlyList<int>> LiveNodesAsync(string clusterId)
    {
        var summary = await Workflow.ExecuteActivityAsync((ClusterActivities a) => a.DescribeClusterAsync(clusterId), ActivityDefaults.Call(_timing, "describe cluster"));
        return summary.Nodes.Where(n => n.State != NodeState.Decommissioned).Select(n => n.Id).ToList();
    }

    private Task<Core.Safety.GateVerdict> CheckHealthAsync(string clusterId, IReadOnlyList<int> expected) =>
        Workflow.ExecuteActivityAsync((ClusterActivities a) => a.CheckHealthAsync(new HealthCheckRequest(clusterId, expected)), ActivityDefaults.Call(_timing, "health gate"));
}
