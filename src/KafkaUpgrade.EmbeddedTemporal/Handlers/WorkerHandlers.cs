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
            return await Polled(req.Namespace, req.TaskQueue.Name, PollKind.Workflow, req.Identity, call, () => workflowTasks.TryTake(req),
                () => state.Queues.WorkflowSignal(req.Namespace, req.TaskQueue.Name)).ConfigureAwait(false);
        });
        r.Add<PollActivityTaskQueueRequest, PollActivityTaskQueueResponse>(ServiceNames.Workflow, "PollActivityTaskQueue", async (req, call) =>
        {
            RequireQueue(req.Namespace, req.TaskQueue);
            return await Polled(req.Namespace, req.TaskQueue.Name, PollKind.Activity, req.Identity, call, () => activityTasks.TryTake(req),
                () => state.Queues.ActivitySignal(req.Namespace, req.TaskQueue.Name)).ConfigureAwait(false);
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
        r.Add<RespondActivityTaskCompletedByIdRequest, RespondActivityTaskCompletedByIdResponse>(ServiceNames.Workflow, "RespondActivityTaskCompletedById", req => state.Locked(() =>
        {
            activityTasks.Complete(activityTasks.TokenById(state.Namespaces.Require(req.Namespace).Name, req.WorkflowId, req.RunId, req.ActivityId), req.Result, req.Identity);
            return new RespondActivityTaskCompletedByIdResponse();
        }));
        r.Add<RespondActivityTaskFailedByIdRequest, RespondActivityTaskFailedByIdResponse>(ServiceNames.Workflow, "RespondActivityTaskFailedById", req => state.Locked(() =>
        {
            var token = activityTasks.TokenById(state.Namespaces.Require(req.Namespace).Name, req.WorkflowId, req.RunId, req.ActivityId);
            activityTasks.Fail(token, req.Failure ?? new Temporalio.Api.Failure.V1.Failure { Message = "activity failed" }, req.LastHeartbeatDetails, req.Identity);
            return new RespondActivityTaskFailedByIdResponse();
        }));
        r.Add<RespondActivityTaskCanceledByIdRequest, RespondActivityTaskCanceledByIdResponse>(ServiceNames.Workflow, "RespondActivityTaskCanceledById", req => state.Locked(() =>
        {
            activityTasks.Canceled(activityTasks.TokenById(state.Namespaces.Require(req.Namespace).Name, req.WorkflowId, req.RunId, req.ActivityId), req.Details, req.Identity);
            return new RespondActivityTaskCanceledByIdResponse();
        }));
        r.Add<RecordActivityTaskHeartbeatByIdRequest, RecordActivityTaskHeartbeatByIdResponse>(ServiceNames.Workflow, "RecordActivityTaskHeartbeatById", req => state.Locked(() =>
        {
            var token = activityTasks.TokenById(state.Namespaces.Require(req.Namespace).Name, req.WorkflowId, req.RunId, req.ActivityId);
            return new RecordActivityTaskHeartbeatByIdResponse { CancelRequested = activityTasks.Heartbeat(token, req.Details) };
        }));
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
        r.Add<ResetStickyTaskQueueRequest, ResetStickyTaskQueueResponse>(ServiceNames.Workflow, "ResetStickyTaskQueue", req => state.Locked(() =>
        {
            state.Namespaces.Require(req.Namespace);
            var run = state.Find(req.Namespace, req.Execution?.WorkflowId ?? "", req.Execution?.RunId);
            WorkflowTasks.ResetSticky(run);
            state.Touch(run);
            return new ResetStickyTaskQueueResponse();
        }));
    }

    /// <summary>
    /// A long poll, recorded as a poller of its queue while it waits (sticky availability, DescribeTaskQueue), woken
    /// only by tasks added to its own queue.
    /// </summary>
    private async Task<T> Polled<T>(string ns, string queue, string kind, string identity, Grpc.Core.ServerCallContext call, Func<T?> attempt, Func<ChangeSignal> signal)
        where T : class, new()
    {
        lock (state.Gate)
        {
            state.Pollers.Begin(ns, queue, kind, identity, Clock.Now);
        }

        try
        {
            return await LongPoll.WaitAsync(state, call, attempt, signal: signal).ConfigureAwait(false) ?? new T();
        }
        finally
        {
            lock (state.Gate)
            {
                state.Pollers.End(ns, queue, kind, identity, Clock.Now);
            }
        }
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
