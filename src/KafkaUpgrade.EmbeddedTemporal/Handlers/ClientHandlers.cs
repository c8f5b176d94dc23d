using KafkaUpgrade.EmbeddedTemporal.Engine;
using KafkaUpgrade.EmbeddedTemporal.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Handlers;

/// <summary>Client calls that start, signal, cancel and terminate workflows.</summary>
internal sealed class ClientHandlers(ServerState state, WorkflowStarter starter, RunLifecycle lifecycle)
{
    public void Register(RpcRegistry r)
    {
        r.Add<StartWorkflowExecutionRequest, StartWorkflowExecutionResponse>(ServiceNames.Workflow, "StartWorkflowExecution", req => state.Locked(() =>
        {
            var (run, started) = starter.Start(new WorkflowStarter.StartRequest(
                req.Namespace,
                req.WorkflowId,
                req.RequestId,
                req.WorkflowIdReusePolicy,
                req.WorkflowIdConflictPolicy,
                WorkflowStarter.Attributes(req.WorkflowType, req.TaskQueue, req.Input, req.WorkflowExecutionTimeout, req.WorkflowRunTimeout,
                    req.WorkflowTaskTimeout, req.Identity, req.RetryPolicy, req.CronSchedule, req.Memo, req.SearchAttributes, req.Header)));
            return new StartWorkflowExecutionResponse { RunId = run.RunId, Started = started };
        }));
        r.Add<SignalWorkflowExecutionRequest, SignalWorkflowExecutionResponse>(ServiceNames.Workflow, "SignalWorkflowExecution", req => state.Locked(() =>
        {
            state.Namespaces.Require(req.Namespace);
            var run = RequireOpen(req.Namespace, req.WorkflowExecution?.WorkflowId ?? "", req.WorkflowExecution?.RunId);
            run.AddExternal(Signal(req.SignalName, req.Input, req.Identity, req.Header));
            state.Touch(run);
            return new SignalWorkflowExecutionResponse();
        }));
        r.Add<SignalWithStartWorkflowExecutionRequest, SignalWithStartWorkflowExecutionResponse>(ServiceNames.Workflow, "SignalWithStartWorkflowExecution", req => state.Locked(() =>
        {
            state.Namespaces.Require(req.Namespace);
            var signal = Signal(req.SignalName, req.SignalInput, req.Identity, req.Header);
            var existing = string.IsNullOrEmpty(req.WorkflowId) ? null : state.Latest(req.Namespace, req.WorkflowId);
            if (existing is { IsOpen: true } && req.WorkflowIdConflictPolicy != WorkflowIdConflictPolicy.TerminateExisting)
            {
                existing.AddExternal(signal);
                state.Touch(existing);
                return new SignalWithStartWorkflowExecutionResponse { RunId = existing.RunId, Started = false };
            }

            var (run, started) = starter.Start(
                new WorkflowStarter.StartRequest(
                    req.Namespace,
                    req.WorkflowId,
                    req.RequestId,
                    req.WorkflowIdReusePolicy,
                    req.WorkflowIdConflictPolicy,
                    WorkflowStarter.Attributes(req.WorkflowType, req.TaskQueue, req.Input, req.WorkflowExecutionTimeout, req.WorkflowRunTimeout,
                        req.WorkflowTaskTimeout, req.Identity, req.RetryPolicy, req.CronSchedule, req.Memo, req.SearchAttributes, req.Header)),
                signal);
            return new SignalWithStartWorkflowExecutionResponse { RunId = run.RunId, Started = started };
        }));
        r.Add<RequestCancelWorkflowExecutionRequest, RequestCancelWorkflowExecutionResponse>(ServiceNames.Workflow, "RequestCancelWorkflowExecution", req => state.Locked(() =>
        {
            state.Namespaces.Require(req.Namespace);
            var run = RequireOpen(req.Namespace, req.WorkflowExecution?.WorkflowId ?? "", req.WorkflowExecution?.RunId);
            lifecycle.RequestCancel(run, req.Reason, req.Identity);
            return new RequestCancelWorkflowExecutionResponse();
        }));
        r.Add<TerminateWorkflowExecutionRequest, TerminateWorkflowExecutionResponse>(ServiceNames.Workflow, "TerminateWorkflowExecution", req => state.Locked(() =>
        {
            state.Namespaces.Require(req.Namespace);
            var run = RequireOpen(req.Namespace, req.WorkflowExecution?.WorkflowId ?? "", req.WorkflowExecution?.RunId);
            lifecycle.Terminate(run, req.Reason, req.Details, req.Identity);
            return new TerminateWorkflowExecutionResponse();
        }));
        r.Add<DeleteWorkflowExecutionRequest, DeleteWorkflowExecutionResponse>(ServiceNames.Workflow, "DeleteWorkflowExecution", req => state.Locked(() =>
        {
            // Temporal terminates a running execution before deleting it (history service DeleteWorkflowExecution).
            state.Namespaces.Require(req.Namespace);
            var run = state.Find(req.Namespace, req.WorkflowExecution?.WorkflowId ?? "", req.WorkflowExecution?.RunId);
            if (run.IsOpen)
            {
                lifecycle.Terminate(run, "Delete workflow execution", null, "embedded-temporal");
            }

            state.Remove(run);
            return new DeleteWorkflowExecutionResponse();
        }));
    }

    private WorkflowRun RequireOpen(string ns, string workflowId, string? runId)
    {
        var run = state.Find(ns, workflowId, runId);
        return run.IsOpen ? run : throw RpcErrors.NotFound("workflow execution already completed");
    }

    private static HistoryEvent Signal(string name, Temporalio.Api.Common.V1.Payloads? input, string identity, Temporalio.Api.Common.V1.Header? header) => new()
    {
        EventType = EventType.WorkflowExecutionSignaled,
        WorkflowExecutionSignaledEventAttributes = new WorkflowExecutionSignaledEventAttributes
        {
            SignalName = name,
            Input = input,
            Identity = identity,
            Header = header,
        },
    };
}
