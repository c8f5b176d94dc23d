using KafkaUpgrade.EmbeddedTemporal.Engine;
using KafkaUpgrade.EmbeddedTemporal.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Handlers;

/// <summary>DescribeTaskQueue: the pollers a queue has seen (the UI's Workers tab, `temporal task-queue describe`).</summary>
internal sealed class TaskQueueHandlers(ServerState state)
{
    /// <summary>How long a poller stays listed after its last poll (Temporal matching's pollerHistoryTTL).</summary>
    private static readonly TimeSpan PollerHistory = TimeSpan.FromMinutes(5);

    public void Register(RpcRegistry r) =>
        r.Add<DescribeTaskQueueRequest, DescribeTaskQueueResponse>(ServiceNames.Workflow, "DescribeTaskQueue", req => state.Locked(() =>
        {
            state.Namespaces.Require(req.Namespace);
            if (string.IsNullOrEmpty(req.TaskQueue?.Name))
            {
                throw RpcErrors.InvalidArgument("TaskQueue is not set on request.");
            }

            var kind = req.TaskQueueType == TaskQueueType.Activity ? PollKind.Activity : PollKind.Workflow;
            var now = Clock.Now;
            var response = new DescribeTaskQueueResponse();
            foreach (var (identity, lastAccess) in state.Pollers.Seen(req.Namespace, req.TaskQueue.Name, kind).Where(p => now - p.Value < PollerHistory).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                response.Pollers.Add(new PollerInfo { Identity = identity, LastAccessTime = Clock.Stamp(lastAccess), RatePerSecond = 100_000 });
            }

            if (req.IncludeTaskQueueStatus)
            {
                var backlog = kind == PollKind.Activity ? state.Queues.ActivityBacklog(req.Namespace, req.TaskQueue.Name) : state.Queues.WorkflowQueue(req.Namespace, req.TaskQueue.Name).Count;
                response.TaskQueueStatus = new TaskQueueStatus { BacklogCountHint = backlog, RatePerSecond = 100_000 };
            }

            return response;
        }));
}
