using Grpc.Core;
using KafkaUpgrade.EmbeddedTemporal.Engine;
using KafkaUpgrade.EmbeddedTemporal.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Handlers;

/// <summary>Queries (answered by a worker through a query task) and updates (waited on until the requested stage).</summary>
internal sealed class QueryUpdateHandlers(ServerState state, UpdateProtocol updates)
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(30);

    public void Register(RpcRegistry r)
    {
        r.Add<QueryWorkflowRequest, QueryWorkflowResponse>(ServiceNames.Workflow, "QueryWorkflow", QueryAsync);
        r.Add<UpdateWorkflowExecutionRequest, UpdateWorkflowExecutionResponse>(ServiceNames.Workflow, "UpdateWorkflowExecution", async (req, call) =>
        {
            var (runId, updateId) = state.Locked(() =>
            {
                state.Namespaces.Require(req.Namespace);
                var run = state.Find(req.Namespace, req.WorkflowExecution?.WorkflowId ?? "", req.WorkflowExecution?.RunId);
                if (string.IsNullOrEmpty(req.Request?.Meta?.UpdateId))
                {
                    throw RpcErrors.InvalidArgument("Update ID is not set on request.");
                }

                if (!run.IsOpen && !run.Updates.ContainsKey(req.Request.Meta.UpdateId))
                {
                    throw RpcErrors.NotFound("workflow execution already completed");
                }

                return (run.RunId, updates.Admit(run, req.Request).UpdateId);
            });
            return await WaitForStage(runId, updateId, req.WaitPolicy?.LifecycleStage ?? UpdateWorkflowExecutionLifecycleStage.Accepted, call).ConfigureAwait(false);
        });
        r.Add<PollWorkflowExecutionUpdateRequest, PollWorkflowExecutionUpdateResponse>(ServiceNames.Workflow, "PollWorkflowExecutionUpdate", async (req, call) =>
        {
            var runId = state.Locked(() =>
            {
                state.Namespaces.Require(req.Namespace);
                var run = state.Find(req.Namespace, req.UpdateRef?.WorkflowExecution?.WorkflowId ?? "", req.UpdateRef?.WorkflowExecution?.RunId);
                return run.Updates.ContainsKey(req.UpdateRef!.UpdateId) ? run.RunId : throw RpcErrors.NotFound($"update {req.UpdateRef.UpdateId} not found");
            });
            var result = await WaitForStage(runId, req.UpdateRef!.UpdateId, req.WaitPolicy?.LifecycleStage ?? UpdateWorkflowExecutionLifecycleStage.Completed, call).ConfigureAwait(false);
            return new PollWorkflowExecutionUpdateResponse { Outcome = result.Outcome, Stage = result.Stage, UpdateRef = result.UpdateRef };
        });
    }

    private async Task<UpdateWorkflowExecutionResponse> WaitForStage(string runId, string updateId, UpdateWorkflowExecutionLifecycleStage wanted, ServerCallContext call)
    {
        UpdateWorkflowExecutionResponse Snapshot()
        {
            var run = state.ByRunId(runId)!;
            var update = run.Updates[updateId];
            var stage = update.Outcome is not null ? UpdateWorkflowExecutionLifecycleStage.Completed
                : update.Accepted ? UpdateWorkflowExecutionLifecycleStage.Accepted
                : UpdateWorkflowExecutionLifecycleStage.Admitted;
            return new UpdateWorkflowExecutionResponse
            {
                UpdateRef = new UpdateRef
                {
                    WorkflowExecution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = run.WorkflowId, RunId = run.RunId },
                    UpdateId = updateId,
                },
                Outcome = update.Outcome,
                Stage = stage,
            };
        }

        // A rejected update is completed even when only acceptance was awaited.
        var result = await LongPoll.WaitAsync(state, call, () =>
        {
            var s = Snapshot();
            return s.Stage == UpdateWorkflowExecutionLifecycleStage.Completed || (s.Stage >= wanted && wanted != UpdateWorkflowExecutionLifecycleStage.Unspecified) ? s : null;
        }).ConfigureAwait(false);
        return result ?? state.Locked(Snapshot);
    }

    private async Task<QueryWorkflowResponse> QueryAsync(QueryWorkflowRequest req, ServerCallContext call)
    {
        var query = state.Locked(() =>
        {
            state.Namespaces.Require(req.Namespace);
            var run = state.Find(req.Namespace, req.Execution?.WorkflowId ?? "", req.Execution?.RunId);
            if (string.IsNullOrEmpty(req.Query?.QueryType))
            {
                throw RpcErrors.InvalidArgument("Query type is not set on request.");
            }

            var q = new QueryState { QueryId = Guid.NewGuid().ToString(), RunId = run.RunId, Query = req.Query };
            state.Queries[q.QueryId] = q;
            if (run.IsOpen && run.Task != WorkflowTaskStage.None)
            {
                run.HeldQueries.Add(q.QueryId);
            }
            else
            {
                state.Queues.AddWorkflowTask(run.Namespace, run.TaskQueue, new QueuedTask(run.RunId, 0, 0, q.QueryId));
            }

            return q;
        });
        RespondQueryTaskCompletedRequest answer;
        try
        {
            answer = await query.Answer.Task.WaitAsync(QueryTimeout, call.CancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            state.Locked(() => state.Queries.Remove(query.QueryId));
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "query timed out: no worker answered"));
        }

        if (answer.CompletedType == QueryResultType.Failed)
        {
            throw RpcErrors.QueryFailed(answer.Failure, answer.ErrorMessage);
        }

        return new QueryWorkflowResponse { QueryResult = answer.QueryResult };
    }
}
