using KafkaUpgrade.Activities;
using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Support;
using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows;

/// <summary>
/// Clears what an operation that could not clean up left on a cluster (Temporal's terminate runs no workflow code;
/// a worker can die; a failure may come before the cleanup): the replication throttle and the reassignments in
/// flight, which would otherwise run unthrottled. Everything else it finds (idle new brokers, mixed versions, an
/// unfinished migration) is reported, not changed: finishing those is a new operation's job. A dry run only looks.
/// Started by <c>kafka-upgrade repair</c> (id <c>kafka-repair-{clusterId}</c>) only while no operation runs
/// on the cluster: clearing a running operation's throttle would be the very incident it is there to prevent.
/// </summary>
[Workflow("ClusterRepair")]
public sealed class ClusterRepairWorkflow
{
    private OperationProgress _progress = OperationProgress.Starting;

    /// <summary>Where the repair is (query <c>progress</c>).</summary>
    [WorkflowQuery("progress")]
    public OperationProgress Progress => _progress;

    /// <summary>Inspects, then (unless a dry run) clears the throttle and cancels the moves in flight.</summary>
    [WorkflowRun]
    public async Task<RepairReport> RunAsync(RepairInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _progress = new OperationProgress("Inspecting", $"looking for what an earlier operation left on {input.ClusterId}");
        if (!input.DryRun)
        {
            // Not while an operation holds the cluster, whatever name it was started under: clearing a running
            // operation's throttle is the incident this workflow is there to clean up after.
            await ClusterLeases.AcquireAsync(input.ClusterId, input.Timing);
        }

        var before = await Workflow.ExecuteActivityAsync((RepairActivities a) => a.InspectAsync(input.ClusterId), ActivityDefaults.Call(input.Timing, "inspect the cluster"));
        var actions = new List<string>();
        if (before.ThrottleBytesPerSecond is not null)
        {
            actions.Add(input.DryRun ? "would clear the replication throttle" : "cleared the replication throttle");
        }

        if (before.MovesInFlight > 0)
        {
            actions.Add(input.DryRun ? $"would cancel {before.MovesInFlight} reassignment(s) in flight" : $"cancelled {before.MovesInFlight} reassignment(s) in flight");
        }

        if (input.DryRun || before.NothingToClear)
        {
            return new RepairReport(input.DryRun, before, input.DryRun ? null : before, actions);
        }

        _progress = new OperationProgress("Repairing", string.Join("; ", actions));

        // Moves first, then the throttle: a move never runs unthrottled in between.
        if (before.MovesInFlight > 0)
        {
            await Workflow.ExecuteActivityAsync((ReassignmentActivities a) => a.CancelInFlightAsync(input.ClusterId), ActivityDefaults.Cleanup(input.Timing, "cancel reassignments in flight"));
        }

        await Workflow.ExecuteActivityAsync((ReassignmentActivities a) => a.ClearThrottleAsync(input.ClusterId), ActivityDefaults.Cleanup(input.Timing, "clear replication throttle"));
        var after = await Workflow.ExecuteActivityAsync((RepairActivities a) => a.InspectAsync(input.ClusterId), ActivityDefaults.Call(input.Timing, "inspect the cluster again"));
        return new RepairReport(false, before, after, actions);
    }
}
