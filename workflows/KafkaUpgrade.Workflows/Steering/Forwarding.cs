using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Support;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows.Steering;

/// <summary>How a parent passes an operator's command to the child running now.</summary>
public static class Forwarding
{
    /// <summary>
    /// Signal by which a parent passes on an approval it validated (its <c>approve</c> update checked the gate id
    /// against the child's). The child applies it only to the very gate waiting; the <c>control</c> signal never
    /// approves.
    /// </summary>
    public const string ApproveGateSignal = "approve-gate";

    /// <summary>
    /// Passes <paramref name="command"/> to <paramref name="childId"/>. The child may just have finished (the
    /// signal then has nobody to reach): that is no failure of the operation, whose own controls hold at its next
    /// safe point anyway.
    /// </summary>
    public static async Task ToChildAsync(string childId, OperatorCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            var child = Workflow.GetExternalWorkflowHandle(childId);
            if (command.Kind == OperatorCommandKind.Approve && Workflow.Patched("approve-gate-signal"))
            {
                await child.SignalAsync(ApproveGateSignal, [command.Step], Detached.Signal);
            }
            else
            {
                await child.SignalAsync("control", [command], Detached.Signal);
            }
        }
        catch (FailureException)
        {
            // The child closed between the command and its delivery.
        }
    }

    /// <summary>Throws the update validator's refusal of an approval of <paramref name="gate"/> while <paramref name="waiting"/> waits.</summary>
    public static void ThrowIfApprovalInvalid(string? gate, string? waiting)
    {
        if (OperatorControls.ValidateApproval(gate, waiting) is { } refusal)
        {
            var type = waiting is null ? "NothingToApprove" : string.IsNullOrEmpty(gate) ? "GateNotNamed" : "WrongStep";
            throw new ApplicationFailureException(refusal, type);
        }
    }
}
