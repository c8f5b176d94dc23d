using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows.Support;

/// <summary>
/// The cancellation scope every workflow command runs in: one that a Temporal cancellation never reaches. The
/// .NET SDK gives each activity, timer, child and external signal <c>Workflow.CancellationToken</c> unless told
/// otherwise, so a cancel would cut the cleanup itself short (the throttle never cleared, a rollback half done).
/// Instead the workflows read the cancellation as an abort (<see cref="Steering.OperatorControls.Cancelled"/>) and
/// leave by the abort path, whose calls run to completion here. See Temporal's .NET docs, "Cancellation": a token
/// not linked to the workflow's survives its cancellation.
/// </summary>
public static class Detached
{
    /// <summary>Never cancelled: not linked to <c>Workflow.CancellationToken</c>.</summary>
    public static CancellationToken Token => CancellationToken.None;

    /// <summary>Options for signalling another workflow (a child's control, a parent's status) that survive a cancel.</summary>
    public static ExternalWorkflowSignalOptions Signal => new() { CancellationToken = Token };

    /// <summary>
    /// Options of a child workflow (a hop, a roll). The child's own cancellation follows its parent's (the SDK
    /// sends it a cancel request, which the child treats as abort) and the parent waits until the child finished
    /// its cleanup; a parent that closes (terminated, failed, timed out) requests cancellation of the child instead
    /// of terminating it, so the child still cleans up. <paramref name="detach"/> (a rollback, a finalization
    /// past the point of no return): the child is never cancelled with its parent.
    /// </summary>
    public static ChildWorkflowOptions Child(string id, string summary, bool detach = false)
    {
        var options = new ChildWorkflowOptions { Id = id, StaticSummary = summary };
        if (Workflow.Patched("child-request-cancel"))
        {
            options.ParentClosePolicy = ParentClosePolicy.RequestCancel;
            options.CancellationType = ChildWorkflowCancellationType.WaitCancellationCompleted;
        }

        if (detach)
        {
            options.CancellationToken = Token;
        }

        return options;
    }
}
