using KafkaUpgrade.EmbeddedTemporal.Rpc;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>Starts workflows from client requests, applying the id reuse and id conflict policies.</summary>
internal sealed class WorkflowStarter(ServerState state, RunLifecycle lifecycle)
{
    /// <summary>The request fields shared by StartWorkflowExecution and SignalWithStartWorkflowExecution.</summary>
    public sealed record StartRequest(
        string Namespace,
        string WorkflowId,
        string RequestId,
        WorkflowIdReusePolicy ReusePolicy,
        WorkflowIdConflictPolicy ConflictPolicy,
        WorkflowExecutionStartedEventAttributes Started);

    /// <summary>Starts a run, or returns the running one per policy; the bool says whether a run was started.</summary>
    public (WorkflowRun Run, bool Started) Start(StartRequest request, params HistoryEvent[] firstEvents)
    {
        var ns = state.Namespaces.Require(request.Namespace);
        Validate(request);
        SearchAttributeValidator.Validate(ns, request.Started.SearchAttributes);
        var existing = state.Latest(request.Namespace, request.WorkflowId);
        if (existing is not null && !string.IsNullOrEmpty(request.RequestId) && existing.StartRequestId == request.RequestId)
        {
            return (existing, false);
        }

        if (existing is { IsOpen: true })
        {
            var conflict = request.ReusePolicy == WorkflowIdReusePolicy.TerminateIfRunning
                ? WorkflowIdConflictPolicy.TerminateExisting
                : request.ConflictPolicy;
            switch (conflict)
            {
                case WorkflowIdConflictPolicy.UseExisting:
                    return (existing, false);
                case WorkflowIdConflictPolicy.TerminateExisting:
                    lifecycle.Terminate(existing, "terminated by a start with the TerminateExisting conflict policy", null, request.Started.Identity);
                    break;
                default:
                    throw RpcErrors.AlreadyStarted(
                        $"Workflow execution is already running. WorkflowId: {request.WorkflowId}, RunId: {existing.RunId}.",
                        existing.StartRequestId,
                        existing.RunId);
            }
        }
        else if (existing is not null)
        {
            CheckReuse(request, existing);
        }

        var run = lifecycle.Start(request.Namespace, request.WorkflowId, string.IsNullOrEmpty(request.RequestId) ? Guid.NewGuid().ToString() : request.RequestId, request.Started, null, firstEvents);
        return (run, true);
    }

    private static void Validate(StartRequest request)
    {
        if (string.IsNullOrEmpty(request.WorkflowId))
        {
            throw RpcErrors.InvalidArgument("WorkflowId is not set on request.");
        }

        if (string.IsNullOrEmpty(request.Started.WorkflowType?.Name))
        {
            throw RpcErrors.InvalidArgument("WorkflowType is not set on request.");
        }

        if (string.IsNullOrEmpty(request.Started.TaskQueue?.Name))
        {
            throw RpcErrors.InvalidArgument("TaskQueue is not set on request.");
        }
    }

    private static void CheckReuse(StartRequest request, WorkflowRun closed)
    {
        var failedLike = closed.Status is WorkflowExecutionStatus.Failed or WorkflowExecutionStatus.Canceled
            or WorkflowExecutionStatus.Terminated or WorkflowExecutionStatus.TimedOut;
        var allowed = request.ReusePolicy switch
        {
            WorkflowIdReusePolicy.RejectDuplicate => false,
            WorkflowIdReusePolicy.AllowDuplicateFailedOnly => failedLike,
            _ => true,
        };
        if (!allowed)
        {
            throw RpcErrors.AlreadyStarted(
                $"Workflow execution already finished and WorkflowIdReusePolicy {request.ReusePolicy} does not allow a new run. WorkflowId: {request.WorkflowId}, RunId: {closed.RunId}.",
                closed.StartRequestId,
                closed.RunId);
        }
    }

    public static WorkflowExecutionStartedEventAttributes Attributes(
        WorkflowType type,
        Temporalio.Api.TaskQueue.V1.TaskQueue queue,
        Payloads? input,
        Google.Protobuf.WellKnownTypes.Duration? executionTimeout,
        Google.Protobuf.WellKnownTypes.Duration? runTimeout,
        Google.Protobuf.WellKnownTypes.Duration? taskTimeout,
        string identity,
        RetryPolicy? retry,
        string cron,
        Memo? memo,
        SearchAttributes? searchAttributes,
        Header? header) => new()
        {
            WorkflowType = type,
            TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = queue?.Name ?? "", Kind = TaskQueueKind.Normal },
            Input = input,
            WorkflowExecutionTimeout = executionTimeout,
            WorkflowRunTimeout = runTimeout ?? executionTimeout,
            WorkflowTaskTimeout = taskTimeout,
            Identity = identity,
            RetryPolicy = retry,
            CronSchedule = cron,
            Memo = memo,
            SearchAttributes = searchAttributes,
            Header = header,
            Attempt = 1,
        };
}
