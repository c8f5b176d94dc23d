namespace KafkaUpgrade.Workflows.Contracts;

/// <summary>
/// What an operator wants to know at a glance, returned by every workflow's <c>progress</c> query and shown in the
/// CLI's <c>watch</c>: where it is, how far, how long still, and why it is waiting right now.
/// </summary>
/// <param name="Phase">Phase, e.g. <c>Draining batch 2/4</c>.</param>
/// <param name="Step">Current step in words.</param>
/// <param name="NodesDone">Nodes upgraded, replaced or restarted so far.</param>
/// <param name="NodesTotal">Nodes to do.</param>
/// <param name="PartitionsMoved">Partitions moved so far.</param>
/// <param name="PartitionsTotal">Partitions to move.</param>
/// <param name="BytesMoved">Bytes moved so far.</param>
/// <param name="BytesTotal">Bytes to move.</param>
/// <param name="EstimatedSecondsLeft">Estimate from the observed rate, null until there is one.</param>
/// <param name="WaitingFor">Why it is waiting now (a gate's reason, a pause, an approval), null when working.</param>
/// <param name="Paused">True while paused.</param>
/// <param name="AwaitingApproval">The step waiting for an operator's approval, or null.</param>
/// <param name="CurrentChildWorkflowId">Child workflow doing the current hop, if any.</param>
public sealed record OperationProgress(
    string Phase,
    string Step,
    int NodesDone = 0,
    int NodesTotal = 0,
    int PartitionsMoved = 0,
    int PartitionsTotal = 0,
    long BytesMoved = 0,
    long BytesTotal = 0,
    double? EstimatedSecondsLeft = null,
    string? WaitingFor = null,
    bool Paused = false,
    string? AwaitingApproval = null,
    string? CurrentChildWorkflowId = null)
{
    /// <summary>The first state of every operation.</summary>
    public static OperationProgress Starting => new("Starting", "starting");
}
