using Google.Protobuf;
using KafkaUpgrade.EmbeddedTemporal.Engine;
using KafkaUpgrade.EmbeddedTemporal.Rpc;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Handlers;

/// <summary>History fetch (with long polls for new events or the close event) and describe.</summary>
internal sealed class HistoryHandlers(ServerState state)
{
    public void Register(RpcRegistry r)
    {
        r.Add<GetWorkflowExecutionHistoryRequest, GetWorkflowExecutionHistoryResponse>(ServiceNames.Workflow, "GetWorkflowExecutionHistory", async (req, call) =>
        {
            var run = state.Locked(() =>
            {
                state.Namespaces.Require(req.Namespace);
                return state.Find(req.Namespace, req.Execution?.WorkflowId ?? "", req.Execution?.RunId);
            });

            // The answer depends on this run alone, so only its changes wake the poll (not every change on the server).
            return await LongPoll.WaitAsync(state, call, () => TryRead(run.RunId, req), signal: () => run.Changes).ConfigureAwait(false) ?? new GetWorkflowExecutionHistoryResponse
            {
                // An expired long poll answers with an empty page and the same token, so the caller polls again.
                NextPageToken = req.NextPageToken.IsEmpty ? ByteString.CopyFromUtf8("1") : req.NextPageToken,
            };
        });
        r.Add<GetWorkflowExecutionHistoryReverseRequest, GetWorkflowExecutionHistoryReverseResponse>(ServiceNames.Workflow, "GetWorkflowExecutionHistoryReverse", req => state.Locked(() =>
        {
            state.Namespaces.Require(req.Namespace);
            var run = state.Find(req.Namespace, req.Execution?.WorkflowId ?? "", req.Execution?.RunId);
            return ReadReverse(run, req.NextPageToken, req.MaximumPageSize);
        }));
        r.Add<DescribeWorkflowExecutionRequest, DescribeWorkflowExecutionResponse>(ServiceNames.Workflow, "DescribeWorkflowExecution", req => state.Locked(() =>
        {
            state.Namespaces.Require(req.Namespace);
            return Describe(state.Find(req.Namespace, req.Execution?.WorkflowId ?? "", req.Execution?.RunId));
        }));
    }

    private GetWorkflowExecutionHistoryResponse? TryRead(string runId, GetWorkflowExecutionHistoryRequest req)
    {
        var run = state.ByRunId(runId)!;
        if (req.HistoryEventFilterType == HistoryEventFilterType.CloseEvent)
        {
            if (run.IsOpen)
            {
                return req.WaitNewEvent ? null : new GetWorkflowExecutionHistoryResponse { History = new History() };
            }

            return new GetWorkflowExecutionHistoryResponse { History = new History { Events = { run.History[^1] } } };
        }

        var (page, next) = HistoryPages.Read(run, req.NextPageToken, req.MaximumPageSize, run.LastEventId);
        if (page.Events.Count == 0 && req.WaitNewEvent && run.IsOpen)
        {
            return null;
        }

        // While the run is open and the caller waits for new events, the token points past the last event.
        if (next.IsEmpty && req.WaitNewEvent && run.IsOpen)
        {
            next = ByteString.CopyFromUtf8((run.LastEventId + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return new GetWorkflowExecutionHistoryResponse { History = page, NextPageToken = next };
    }

    /// <summary>Newest events first (the UI's default history view); the page token is the next, older, event id.</summary>
    private static GetWorkflowExecutionHistoryReverseResponse ReadReverse(WorkflowRun run, ByteString token, int pageSize)
    {
        var last = run.LastEventId;
        if (!token.IsEmpty && !long.TryParse(token.ToStringUtf8(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out last))
        {
            throw RpcErrors.InvalidArgument("Invalid NextPageToken.");
        }

        last = Math.Min(last, run.LastEventId);
        var size = pageSize <= 0 ? HistoryPages.DefaultPageSize : pageSize;
        var first = Math.Max(1, last - size + 1);
        var page = new History();
        for (var id = last; id >= first; id--)
        {
            page.Events.Add(run.History[(int)id - 1]);
        }

        return new GetWorkflowExecutionHistoryReverseResponse
        {
            History = page,
            NextPageToken = first > 1 ? ByteString.CopyFromUtf8((first - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) : ByteString.Empty,
        };
    }

    public static WorkflowExecutionInfo Info(WorkflowRun run)
    {
        var started = run.History[0].WorkflowExecutionStartedEventAttributes;
        var info = new WorkflowExecutionInfo
        {
            Execution = new WorkflowExecution { WorkflowId = run.WorkflowId, RunId = run.RunId },
            Type = new WorkflowType { Name = run.WorkflowType },
            StartTime = Clock.Stamp(run.StartTime),
            ExecutionTime = Clock.Stamp(run.StartTime),
            CloseTime = run.CloseTime is { } closed ? Clock.Stamp(closed) : null,
            Status = run.Status,
            HistoryLength = run.LastEventId,
            Memo = run.Memo,
            SearchAttributes = run.SearchAttributes,
            TaskQueue = run.TaskQueue,
            FirstRunId = started.FirstExecutionRunId,
        };
        if (run.Parent is not null)
        {
            info.ParentNamespaceId = run.Parent.Namespace;
            info.ParentExecution = new WorkflowExecution { WorkflowId = run.Parent.WorkflowId, RunId = run.Parent.RunId };
        }

        return info;
    }

    private static DescribeWorkflowExecutionResponse Describe(WorkflowRun run)
    {
        var started = run.History[0].WorkflowExecutionStartedEventAttributes;
        var response = new DescribeWorkflowExecutionResponse
        {
            ExecutionConfig = new WorkflowExecutionConfig
            {
                TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = run.TaskQueue, Kind = TaskQueueKind.Normal },
                WorkflowExecutionTimeout = started.WorkflowExecutionTimeout,
                WorkflowRunTimeout = started.WorkflowRunTimeout,
                DefaultWorkflowTaskTimeout = started.WorkflowTaskTimeout,
            },
            WorkflowExecutionInfo = Info(run),
        };
        foreach (var a in run.Activities.Values)
        {
            response.PendingActivities.Add(new PendingActivityInfo
            {
                ActivityId = a.Attributes.ActivityId,
                ActivityType = a.Attributes.ActivityType,
                State = a.CancelRequested ? PendingActivityState.CancelRequested
                    : a.State == ActivityState.Started ? PendingActivityState.Started : PendingActivityState.Scheduled,
                HeartbeatDetails = a.HeartbeatDetails,
                LastHeartbeatTime = a.LastHeartbeat is { } hb ? Clock.Stamp(hb) : null,
                LastStartedTime = a.State == ActivityState.Started ? Clock.Stamp(a.StartedTime) : null,
                Attempt = a.Attempt,
                MaximumAttempts = a.Attributes.RetryPolicy.MaximumAttempts,
                ScheduledTime = Clock.Stamp(a.CurrentAttemptScheduledTime),
                LastFailure = a.LastFailure,
                LastWorkerIdentity = a.StartedIdentity,
            });
        }

        foreach (var c in run.Children.Values.Where(c => !c.Closed))
        {
            response.PendingChildren.Add(new PendingChildExecutionInfo
            {
                WorkflowId = c.WorkflowId,
                RunId = c.RunId,
                WorkflowTypeName = c.WorkflowType,
                InitiatedId = c.InitiatedEventId,
                ParentClosePolicy = c.ParentClosePolicy,
            });
        }

        if (run.Task != WorkflowTaskStage.None)
        {
            response.PendingWorkflowTask = new PendingWorkflowTaskInfo
            {
                State = run.Task == WorkflowTaskStage.Started ? PendingWorkflowTaskState.Started : PendingWorkflowTaskState.Scheduled,
                ScheduledTime = Clock.Stamp(run.TaskScheduledAt),
                Attempt = run.TaskAttempt,
            };
        }

        return response;
    }
}
