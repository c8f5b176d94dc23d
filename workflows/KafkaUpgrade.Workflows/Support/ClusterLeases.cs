using KafkaUpgrade.Activities;
using KafkaUpgrade.Workflows.Contracts;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows.Support;

/// <summary>
/// One Kafka cluster, one operation: a top-level operation reads the Kafka <c>cluster.id</c> through its binding
/// and takes the lease keyed by it (<see cref="ClusterLeaseWorkflow"/>) before it looks at anything else. The
/// workflow id <c>kafka-upgrade-{name}</c> alone guards only a configured name; two names bound to one cluster
/// (two binding entries, or the simulator and a kafka binding at the same cluster) would otherwise run two
/// operations at once.
/// <para>
/// Why a child workflow with <c>ParentClosePolicy.Terminate</c>: Temporal refuses a second start of an open
/// workflow id (StartChildWorkflowExecutionFailed, cause WORKFLOW_ALREADY_EXISTS; the SDK raises
/// <see cref="WorkflowAlreadyStartedException"/>), and the server itself closes the child whenever the parent
/// closes, however it closes, so no code of ours has to run for the lease to be released. The child is started
/// with <see cref="Detached.Token"/>: a Temporal cancel of the operation becomes its abort, whose cleanup still
/// runs under the lease. A parent close policy also fires on continue-as-new, so the holder must not
/// continue-as-new: ClusterUpgrade and ClusterRepair never do. A hop run as an operation's child holds its parent's
/// lease; a hop started on its own (by workflow type) takes the lease itself (<see cref="AcquireForHopAsync"/>), and
/// one that continues as new (RollingUpgrade, NodeReplacement between batches) takes it again in each run: the
/// server releases it when a run closes, so between two runs there is a window of one workflow task and one
/// activity in which another operation could take it, and the continued hop then fails as busy before it
/// changes anything more (what it left behind is what <c>status</c> and <c>repair</c> show).
/// </para>
/// <para>
/// The lease holds the cluster against other operations; the id read here also holds the operation to the cluster:
/// <see cref="ClusterIdentityPropagation"/> records it from this read's result and sends it (header
/// <c>kafka-cluster-id</c>) with everything the operation schedules afterwards, its hops' and continued runs'
/// activities included, and <see cref="Activities.Identity.ClusterIdentityCheck"/> refuses an activity
/// (<c>ClusterIdentityChanged</c>, non-retryable) whose worker's binding for the cluster's name now names another
/// Kafka cluster, so a binding re-pointed mid-operation cannot move the rest of the operation onto another cluster.
/// </para>
/// </summary>
public static class ClusterLeases
{
    /// <summary>The patch guarding the lease's commands (an activity, a child) in released workflows.</summary>
    public const string PatchId = "kafka-cluster-lease";

    /// <summary>
    /// A hop's lease: the hop takes it when it runs on its own (no parent workflow); as an operation's child it runs
    /// under its parent's lease and takes none (null).
    /// </summary>
    public static Task<string?> AcquireForHopAsync(string clusterName, StepTiming? timing) =>
        Workflow.Info.Parent is null ? AcquireAsync(clusterName, timing) : Task.FromResult<string?>(null);

    /// <summary>
    /// Takes the lease of the Kafka cluster <paramref name="clusterName"/> is bound to and returns its Kafka cluster
    /// id, or null in a run started before the lease existed. Fails non-retryably (type <c>ClusterBusy</c>),
    /// having changed nothing, when another operation holds the lease.
    /// </summary>
    public static async Task<string?> AcquireAsync(string clusterName, StepTiming? timing)
    {
        if (!Workflow.Patched(PatchId))
        {
            return null;
        }

        var kafkaClusterId = await Workflow.ExecuteActivityAsync(
            (ClusterActivities a) => a.ReadKafkaClusterIdAsync(clusterName), ActivityDefaults.Probe(timing, "read the Kafka cluster id"));
        var leaseId = WorkflowIds.ForLease(kafkaClusterId);
        var holder = Workflow.Info.WorkflowId;
        try
        {
            await Workflow.StartChildWorkflowAsync(
                (ClusterLeaseWorkflow wf) => wf.RunAsync(holder),
                new ChildWorkflowOptions
                {
                    Id = leaseId,
                    StaticSummary = $"lease of Kafka cluster {kafkaClusterId} for {holder}",
                    ParentClosePolicy = ParentClosePolicy.Terminate,
                    CancellationToken = Detached.Token,
                });
        }
        catch (WorkflowAlreadyStartedException)
        {
            throw new ApplicationFailureException(
                $"Kafka cluster {kafkaClusterId} (bound as '{clusterName}') is busy: another operation holds its lease {leaseId} " +
                $"(the operation is that workflow's parent; query 'holder' names it). Nothing was changed.",
                "ClusterBusy",
                nonRetryable: true);
        }

        return kafkaClusterId;
    }
}
