using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows;

/// <summary>
/// The lease of one Kafka cluster (workflow id <c>kafka-upgrade-lease-{kafkaClusterId}</c>): a child of the
/// operation holding it, started with <c>ParentClosePolicy.Terminate</c>, that does nothing but stay open. Temporal
/// refuses to start a second run of an open workflow id, so while it runs no other operation can take the lease,
/// whatever configured name it reached the cluster by; it closes with its holder (complete, fail, cancel,
/// terminate, time out), which releases the lease. See <see cref="Support.ClusterLeases"/>.
/// </summary>
[Workflow("ClusterLease")]
public sealed class ClusterLeaseWorkflow
{
    private string _holder = string.Empty;

    /// <summary>The workflow id of the operation holding the lease (query <c>holder</c>).</summary>
    [WorkflowQuery("holder")]
    public string Holder => _holder;

    /// <summary>Holds the lease for <paramref name="holderWorkflowId"/> until the holder closes.</summary>
    [WorkflowRun]
    public async Task RunAsync(string holderWorkflowId)
    {
        _holder = holderWorkflowId;

        // Never true: the lease ends only when its parent closes and the parent close policy terminates it.
        await Workflow.WaitConditionAsync(() => false);
    }
}
