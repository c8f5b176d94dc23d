using KafkaUpgrade.EmbeddedTemporal.Engine;
using KafkaUpgrade.EmbeddedTemporal.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Handlers;

/// <summary>The calls a worker makes: long polls, task outcomes, heartbeats.</summary>
internal sealed class WorkerHandlers(ServerState state, WorkflowTasks workflowTasks, ActivityTasks activityTasks)
{
    public void Register(RpcRegistry r)
    {
        r.Add<PollWorkflowTaskQueueRequest, PollWorkflowTaskQueueResponse>(ServiceNames.Workflow, "PollWorkflowTaskQueue", async (req, call) =>
        {
            RequireQueue(req.Namespace, req.TaskQueue);

            // Sticky queues are never used: every task goes to the normal queue with its full history, a fallback the SDK accepts.
            if (req.TaskQueue.Kind == TaskQueueKind.Sticky)
            {
                return await LongPoll.WaitAsync<PollWorkflowTaskQueueResponse>(state, call, () => null).ConfigureAwait(false) ?? new();
            }

            return await LongPoll.WaitAsync(state, call, () => workflowTasks.TryTake(req)).ConfigureAwait(false) ?? new();
        });
        r.Add<PollActivityTaskQueueRequest, PollActivityTaskQueueResponse>(ServiceNames.Workflow, "PollActivityTaskQueue", async (req, call) =>
        {
            RequireQueue(req.Namespace, req.TaskQueue);
            return await LongPoll.WaitAsync(state, call, () => activityTasks.TryTake(req)).ConfigureAwait(false) ?? new();
        });
        r.Add<RespondWorkflowTaskCompletedRequest, RespondWorkflowTaskCompletedResponse>(ServiceNames.Workflow, "RespondWorkflowTaskCompleted", req => state.Locked(() =>
        {
            workflowTasks.Complete(req);
            return new RespondWorkflowTaskCompletedResponse();
        }));
        r.Add<RespondWorkflowTaskFailedRequest, RespondWorkflowTaskFailedResponse>(ServiceNames.Workflow, "RespondWorkflowTaskFailed", req => state.Locked(() =>
        {
            workflowTasks.Fail(req);
            return new RespondWorkflowTaskFailedResponse();
        }));
        r.Add<RespondActivityTaskCompletedRequest, RespondActivityTaskCompletedResponse>(ServiceNames.Workflow, "RespondActivityTaskCompleted", req => state.Locked(() =>
        {
            activityTasks.Complete(req.TaskToken, req.Result, req.Identity);
            return new RespondActivityTaskCompletedResponse();
        }));
        r.Add<RespondActivityTaskFailedRequest, RespondActivityTaskFailedResponse>(ServiceNames.Workflow, "RespondActivityTaskFailed", req => state.Locked(() =>
        {
            activityTasks.Fail(req.TaskToken, req.Failure ?? new Temporalio.Api.Failure.V1.Failure { Message = "activity failed" }, req.LastHeartbeatDetails, req.Identity);
            return new RespondActivityTaskFailedResponse();
        }));
        r.Add<RespondActivityTaskCanceledRequest, RespondActivityTaskCanceledResponse>(ServiceNames.Workflow, "RespondActivityTaskCanceled", req => state.Locked(() =>
        {
            activityTasks.Canceled(req.TaskToken, req.Details, req.Identity);
            return new RespondActivityTaskCanceledResponse();
        }));
        r.Add<RecordActivityTaskHeartbeatRequest, RecordActivityTaskHeartbeatResponse>(ServiceNames.Workflow, "RecordActivityTaskHeartbeat", req => state.Locked(() =>
            new RecordActivityTaskHeartbeatResponse { CancelRequested = activityTasks.Heartbeat(req.TaskToken, req.Details) }));
        r.Add<RespondQueryTaskCompletedRequest, RespondQueryTaskCompletedResponse>(ServiceNames.Workflow, "RespondQueryTaskCompleted", req => state.Locked(() =>
        {
            var token = TaskToken.Parse(req.TaskToken);
            if (token.Kind != TaskToken.Query || !state.Queries.Remove(token.QueryId, out var query))
            {
                throw RpcErrors.NotFound("query task not found, or already expired");
            }

            query.Answer.TrySetResult(req);
            return new RespondQueryTaskCompletedResponse();
        }));
        r.Add<ShutdownWorkerRequest, ShutdownWorkerResponse>(ServiceNames.Workflow, "ShutdownWorker", _ => new ShutdownWorkerResponse());
        r.Add<ResetStickyTaskQueueRequest, ResetStickyTaskQueueResponse>(ServiceNames.Workflow, "ResetStickyTaskQueue", _ => new ResetStickyTaskQueueResponse());
    }

    private void RequireQueue(string ns, Temporalio.Api.TaskQueue.V1.TaskQueue? queue)
    {
        state.Locked(() => state.Namespaces.Require(ns));
        if (string.IsNullOrEmpty(queue?.Name))
        {
            throw RpcErrors.InvalidArgument("TaskQueue is not set on request.");
        }
    }
}
