using Temporalio.Activities;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;
using Temporalio.Workflows;
using TaskQueue = Temporalio.Api.TaskQueue.V1.TaskQueue;
using WorkflowExecution = Temporalio.Api.Common.V1.WorkflowExecution;

namespace KafkaUpgrade.EmbeddedTemporal.Tests;

/// <summary>Runs one activity that is completed from outside (async activity completion, the ...ById calls).</summary>
[Workflow]
public class AsyncCompletionWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync() =>
        Workflow.ExecuteActivityAsync(() => AsyncCompletionActivities.WaitForOutside(), new() { StartToCloseTimeout = TimeSpan.FromSeconds(30), ActivityId = "outside" });
}

public static class AsyncCompletionActivities
{
    [Activity]
    public static string WaitForOutside() => throw new CompleteAsyncException();
}

/// <summary>The calls the Temporal UI and the `temporal` CLI make, over gRPC.</summary>
[Collection(ServerCollection.Name)]
public sealed class UiCallsTests(ServerFixture fixture)
{
    private const string Ns = "default";

    private WorkflowService Service => fixture.Client.WorkflowService;

    [Fact]
    public async Task Cluster_info_tells_the_embedded_server_and_its_store()
    {
        if (!fixture.IsEmbedded)
        {
            return; // A real Temporal names its own version and stores.
        }

        var info = await Service.GetClusterInfoAsync(new GetClusterInfoRequest());
        Assert.EndsWith("-embedded", info.ServerVersion, StringComparison.Ordinal);
        Assert.Equal("memory", info.PersistenceStore);
        Assert.Equal(1, info.HistoryShardCount);
    }

    [Fact]
    public async Task Describe_task_queue_lists_the_workers_pollers()
    {
        var queue = $"ui-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(fixture.Client, new TemporalWorkerOptions(queue) { Identity = "ui-test-worker" }
            .AddWorkflow<AsyncCompletionWorkflow>().AddActivity(AsyncCompletionActivities.WaitForOutside));
        await worker.ExecuteAsync(async () =>
        {
            foreach (var type in new[] { TaskQueueType.Workflow, TaskQueueType.Activity })
            {
                await Eventually.WaitAsync(async () => (await Service.DescribeTaskQueueAsync(new DescribeTaskQueueRequest
                {
                    Namespace = Ns,
                    TaskQueue = new TaskQueue { Name = queue },
                    TaskQueueType = type,
                })).Pollers.Any(p => p.Identity == "ui-test-worker" && p.LastAccessTime is not null));
            }
        });
    }

    [Fact]
    public async Task Activity_completed_from_outside_by_id_after_a_heartbeat_by_id()
    {
        var queue = $"ui-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(fixture.Client, new TemporalWorkerOptions(queue)
            .AddWorkflow<AsyncCompletionWorkflow>().AddActivity(AsyncCompletionActivities.WaitForOutside));
        var result = await worker.ExecuteAsync(async () =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((AsyncCompletionWorkflow w) => w.RunAsync(), new WorkflowOptions($"async-{Guid.NewGuid():N}", queue));
            var activity = fixture.Client.GetAsyncActivityHandle(handle.Id, handle.ResultRunId!, "outside");
            await Eventually.WaitAsync(async () =>
            {
                try
                {
                    await activity.HeartbeatAsync(new() { Details = ["from outside"] });
                    return true;
                }
                catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
                {
                    return false; // not started yet
                }
            });
            await activity.CompleteAsync("done from outside");
            return await handle.GetResultAsync();
        });
        Assert.Equal("done from outside", result);
    }

    [Fact]
    public async Task History_reverse_pages_newest_first()
    {
        var (execution, _) = await StartIdleAsync("reverse");
        await fixture.Client.GetWorkflowHandle(execution.WorkflowId).TerminateAsync("done");
        var forward = (await fixture.Client.GetWorkflowHandle(execution.WorkflowId).FetchHistoryAsync()).Events.Select(e => e.EventId).ToList();

        var reverse = new List<long>();
        var token = Google.Protobuf.ByteString.Empty;
        var pages = 0;
        do
        {
            var page = await Service.GetWorkflowExecutionHistoryReverseAsync(new GetWorkflowExecutionHistoryReverseRequest
            {
                Namespace = Ns,
                Execution = execution,
                MaximumPageSize = 2,
                NextPageToken = token,
            });
            reverse.AddRange(page.History.Events.Select(e => e.EventId));
            token = page.NextPageToken;
            pages++;
        }
        while (!token.IsEmpty);

        Assert.Equal(Enumerable.Reverse(forward), reverse);
        Assert.Equal((forward.Count + 1) / 2, pages);
    }

    [Fact]
    public async Task Count_groups_by_execution_status_and_the_ui_grammar_filters()
    {
        var prefix = $"grammar-{Guid.NewGuid():N}";
        var (first, queue) = await StartIdleAsync(prefix + "-a");
        var (second, _) = await StartIdleAsync(prefix + "-b", queue);
        var (third, _) = await StartIdleAsync(prefix + "-c", queue);
        await fixture.Client.GetWorkflowHandle(third.WorkflowId).TerminateAsync("grammar");

        var counted = await Service.CountWorkflowExecutionsAsync(new CountWorkflowExecutionsRequest
        {
            Namespace = Ns,
            Query = $"TaskQueue = '{queue}' GROUP BY ExecutionStatus",
        });
        Assert.Equal(3, counted.Count);
        var groups = counted.Groups.ToDictionary(g => g.GroupValues[0].Data.ToStringUtf8(), g => g.Count);
        Assert.Equal(2, groups["\"Running\""]);
        Assert.Equal(1, groups["\"Terminated\""]);

        async Task<List<string>> List(string where) => (await Service.ListWorkflowExecutionsAsync(new ListWorkflowExecutionsRequest { Namespace = Ns, Query = where }))
            .Executions.Select(e => e.Execution.WorkflowId).ToList();

        Assert.Equal([first.WorkflowId, second.WorkflowId, third.WorkflowId], await List($"`WorkflowId` STARTS_WITH '{prefix}' ORDER BY StartTime ASC"));
        Assert.Equal([third.WorkflowId, second.WorkflowId, first.WorkflowId], await List($"WorkflowId STARTS_WITH '{prefix}' ORDER BY StartTime DESC"));
        Assert.Equal([second.WorkflowId, first.WorkflowId], await List($"WorkflowId STARTS_WITH '{prefix}' AND CloseTime IS NULL"));
        Assert.Equal([third.WorkflowId], await List($"WorkflowId STARTS_WITH '{prefix}' AND CloseTime IS NOT NULL"));
        Assert.Equal([third.WorkflowId, first.WorkflowId], await List($"WorkflowId IN ('{first.WorkflowId}', '{third.WorkflowId}')"));
        Assert.Equal([second.WorkflowId], await List($"TaskQueue = '{queue}' AND WorkflowId NOT IN ('{first.WorkflowId}', '{third.WorkflowId}')"));
        Assert.Equal([third.WorkflowId, first.WorkflowId],
            await List($"TaskQueue = '{queue}' AND (WorkflowId = '{first.WorkflowId}' OR ExecutionStatus = 'Terminated') AND WorkflowType != 'Other'"));
        var start = DateTime.UtcNow.AddMinutes(-5).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var end = DateTime.UtcNow.AddMinutes(5).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(3, (await List($"TaskQueue = '{queue}' AND StartTime BETWEEN '{start}' AND '{end}'")).Count);

        var bad = await Assert.ThrowsAsync<RpcException>(() => Service.CountWorkflowExecutionsAsync(new CountWorkflowExecutionsRequest { Namespace = Ns, Query = "GROUP BY WorkflowType" }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, bad.Code);
    }

    [Fact]
    public async Task Schedules_and_batch_operations_are_empty_lists()
    {
        if (!fixture.IsEmbedded)
        {
            return; // A real Temporal may have some.
        }

        Assert.Empty((await Service.ListSchedulesAsync(new ListSchedulesRequest { Namespace = Ns })).Schedules);
        Assert.Empty((await Service.ListBatchOperationsAsync(new ListBatchOperationsRequest { Namespace = Ns })).OperationInfo);
    }

    [Fact]
    public async Task Delete_terminates_a_running_workflow_and_forgets_it()
    {
        var (execution, _) = await StartIdleAsync("delete");
        await Service.DeleteWorkflowExecutionAsync(new DeleteWorkflowExecutionRequest { Namespace = Ns, WorkflowExecution = execution });

        var e = await Assert.ThrowsAsync<RpcException>(() => Service.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest { Namespace = Ns, Execution = execution }));
        Assert.Equal(RpcException.StatusCode.NotFound, e.Code);
        Assert.Equal(0, (await Service.CountWorkflowExecutionsAsync(new CountWorkflowExecutionsRequest { Namespace = Ns, Query = $"WorkflowId = '{execution.WorkflowId}'" })).Count);
    }

    [Fact]
    public async Task Update_namespace_changes_its_description()
    {
        var name = $"ui-ns-{Guid.NewGuid():N}";
        await Service.RegisterNamespaceAsync(new RegisterNamespaceRequest { Namespace = name, Description = "before", WorkflowExecutionRetentionPeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromDays(1)) });
        var updated = await Service.UpdateNamespaceAsync(new UpdateNamespaceRequest { Namespace = name, UpdateInfo = new Temporalio.Api.Namespace.V1.UpdateNamespaceInfo { Description = "after" } });

        Assert.Equal("after", updated.NamespaceInfo.Description);
        Assert.Equal("after", (await Service.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = name })).NamespaceInfo.Description);
    }

    [Fact]
    public async Task Search_attributes_are_removed_and_an_unknown_one_is_refused()
    {
        var name = $"ui-ns-{Guid.NewGuid():N}";
        await Service.RegisterNamespaceAsync(new RegisterNamespaceRequest { Namespace = name, WorkflowExecutionRetentionPeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromDays(1)) });
        var op = fixture.Client.Connection.OperatorService;
        await op.AddSearchAttributesAsync(new AddSearchAttributesRequest { Namespace = name, SearchAttributes = { ["Doomed"] = IndexedValueType.Keyword } });
        await op.RemoveSearchAttributesAsync(new RemoveSearchAttributesRequest { Namespace = name, SearchAttributes = { "Doomed" } });

        Assert.DoesNotContain("Doomed", (await op.ListSearchAttributesAsync(new ListSearchAttributesRequest { Namespace = name })).CustomAttributes.Keys);
        var e = await Assert.ThrowsAsync<RpcException>(() => op.RemoveSearchAttributesAsync(new RemoveSearchAttributesRequest { Namespace = name, SearchAttributes = { "Doomed" } }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, e.Code);
        Assert.Contains("Doomed", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A workflow nobody works on: it stays running with its first task scheduled.</summary>
    private async Task<(WorkflowExecution Execution, string Queue)> StartIdleAsync(string id, string? queue = null)
    {
        queue ??= $"idle-{Guid.NewGuid():N}";
        var workflowId = id.Contains("grammar", StringComparison.Ordinal) ? id : $"{id}-{Guid.NewGuid():N}";
        var started = await Service.StartWorkflowExecutionAsync(new StartWorkflowExecutionRequest
        {
            Namespace = Ns,
            WorkflowId = workflowId,
            WorkflowType = new Temporalio.Api.Common.V1.WorkflowType { Name = "Idle" },
            TaskQueue = new TaskQueue { Name = queue },
            RequestId = Guid.NewGuid().ToString(),
        });
        return (new WorkflowExecution { WorkflowId = workflowId, RunId = started.RunId }, queue);
    }
}
