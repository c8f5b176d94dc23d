using Grpc.Core;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>
/// Checks every command of a workflow task completion before anything is written. A bad command fails the workflow
/// task with its cause and the worker gets INVALID_ARGUMENT, as Temporal's history service does
/// (respondworkflowtaskcompleted: the command checker's failure becomes WorkflowTaskFailed with that cause).
/// </summary>
internal static class CommandValidator
{
    private static readonly HashSet<CommandType> Supported =
    [
        CommandType.ScheduleActivityTask, CommandType.StartTimer, CommandType.CancelTimer, CommandType.RequestCancelActivityTask,
        CommandType.RecordMarker, CommandType.UpsertWorkflowSearchAttributes, CommandType.ModifyWorkflowProperties,
        CommandType.CompleteWorkflowExecution, CommandType.FailWorkflowExecution, CommandType.CancelWorkflowExecution,
        CommandType.ContinueAsNewWorkflowExecution, CommandType.StartChildWorkflowExecution,
        CommandType.SignalExternalWorkflowExecution, CommandType.RequestCancelExternalWorkflowExecution, CommandType.ProtocolMessage,
    ];

    /// <summary>The first bad command's cause and error, or null when all are valid.</summary>
    public static (WorkflowTaskFailedCause Cause, RpcException Error)? Check(NamespaceEntry ns, WorkflowRun run, IReadOnlyList<Command> commands)
    {
        for (var index = 0; index < commands.Count; index++)
        {
            var c = commands[index];
            if (!Supported.Contains(c.CommandType))
            {
                return (WorkflowTaskFailedCause.Unspecified,
                    Rpc.RpcErrors.InvalidArgument($"commands[{index}]: command type {c.CommandType} is not supported by the embedded server."));
            }

            var cause = c.CommandType switch
            {
                CommandType.ScheduleActivityTask => WorkflowTaskFailedCause.BadScheduleActivityAttributes,
                CommandType.UpsertWorkflowSearchAttributes => WorkflowTaskFailedCause.BadSearchAttributes,
                CommandType.StartChildWorkflowExecution => WorkflowTaskFailedCause.BadSearchAttributes,
                CommandType.ContinueAsNewWorkflowExecution => WorkflowTaskFailedCause.BadSearchAttributes,
                _ => WorkflowTaskFailedCause.Unspecified,
            };
            try
            {
                switch (c.CommandType)
                {
                    case CommandType.ScheduleActivityTask:
                        _ = ActivityDefaults.Normalize(run, c.ScheduleActivityTaskCommandAttributes, 0);
                        break;
                    case CommandType.UpsertWorkflowSearchAttributes:
                        SearchAttributeValidator.Validate(ns, c.UpsertWorkflowSearchAttributesCommandAttributes.SearchAttributes);
                        break;
                    case CommandType.StartChildWorkflowExecution:
                        SearchAttributeValidator.Validate(ns, c.StartChildWorkflowExecutionCommandAttributes.SearchAttributes);
                        break;
                    case CommandType.ContinueAsNewWorkflowExecution:
                        SearchAttributeValidator.Validate(ns, c.ContinueAsNewWorkflowExecutionCommandAttributes.SearchAttributes);
                        break;
                    default:
                        break;
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
            {
                return (cause, e);
            }
        }

        return null;
    }
}
