using Google.Protobuf;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace KafkaUpgrade.EmbeddedTemporal.Tests;

[Collection(ServerCollection.Name)]
public sealed class MalformedRequestTests(ServerFixture fixture)
{
    private WorkflowService Service => fixture.Client.WorkflowService;

    private static StartWorkflowExecutionRequest Start(string ns, string id, string queue = "malformed") => new()
    {
        Namespace = ns,
        WorkflowId = id,
        WorkflowType = new WorkflowType { Name = "Anything" },
        TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = queue },
        RequestId = Guid.NewGuid().ToString(),
    };

    [Fact]
    public async Task Missing_namespace_is_an_invalid_argument()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Service.StartWorkflowExecutionAsync(Start("", "x")));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, e.Code);
    }

    [Fact]
    public async Task Unknown_namespace_is_not_found_and_named()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Service.StartWorkflowExecutionAsync(Start("no-such-namespace", "x")));
        Assert.Equal(RpcException.StatusCode.NotFound, e.Code);
        Assert.Contains("no-such-namespace", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_workflow_id_is_an_invalid_argument_and_nothing_is_written()
    {
        var before = (await fixture.Client.CountWorkflowsAsync("WorkflowType = 'Anything'")).Count;
        var e = await Assert.ThrowsAsync<RpcException>(() => Service.StartWorkflowExecutionAsync(Start("default", "")));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, e.Code);
        Assert.Contains("WorkflowId", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await fixture.Client.CountWorkflowsAsync("WorkflowType = 'Anything'")).Count);
    }

    [Fact]
    public async Task Garbage_task_token_is_rejected()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Service.RespondActivityTaskCompletedAsync(new RespondActivityTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = ByteString.CopyFrom(1, 2, 3),
        }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, e.Code);
    }

    [Fact]
    public async Task Token_of_an_unknown_task_is_not_found()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Service.RespondWorkflowTaskCompletedAsync(new RespondWorkflowTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = ByteString.CopyFromUtf8($"W|{Guid.NewGuid()}|3|1|"),
        }));
        Assert.Equal(RpcException.StatusCode.NotFound, e.Code);
    }

    [Fact]
    public async Task Token_of_a_task_already_completed_is_not_found_and_changes_nothing()
    {
        if (!fixture.IsEmbedded)
        {
            return; // Polls a private queue by hand; only meaningful against the embedded server's token format.
        }

        var queue = $"manual-{Guid.NewGuid():N}";
        var id = $"manual-{Guid.NewGuid():N}";
        await Service.StartWorkflowExecutionAsync(Start("default", id, queue));
        var task = await Service.PollWorkflowTaskQueueAsync(new PollWorkflowTaskQueueRequest
        {
            Namespace = "default",
            TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = queue },
            Identity = "test",
        });
        Assert.False(task.TaskToken.IsEmpty);
        var complete = new RespondWorkflowTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = task.TaskToken,
            Commands =
            {
                new Command
                {
                    CommandType = CommandType.CompleteWorkflowExecution,
                    CompleteWorkflowExecutionCommandAttributes = new CompleteWorkflowExecutionCommandAttributes(),
                },
            },
        };
        await Service.RespondWorkflowTaskCompletedAsync(complete);
        var length = (await fixture.Client.GetWorkflowHandle(id).FetchHistoryAsync()).Events.Count;

        var e = await Assert.ThrowsAsync<RpcException>(() => Service.RespondWorkflowTaskCompletedAsync(complete));

        Assert.Equal(RpcException.StatusCode.NotFound, e.Code);
        Assert.Equal(length, (await fixture.Client.GetWorkflowHandle(id).FetchHistoryAsync()).Events.Count);
    }

    [Fact]
    public async Task Bad_command_fails_the_workflow_task_with_its_cause_and_writes_no_command_event()
    {
        var queue = $"manual-{Guid.NewGuid():N}";
        var id = $"manual-{Guid.NewGuid():N}";
        await Service.StartWorkflowExecutionAsync(Start("default", id, queue));
        var poll = new PollWorkflowTaskQueueRequest { Namespace = "default", TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = queue }, Identity = "test" };
        var task = await Service.PollWorkflowTaskQueueAsync(poll);

        // A timer first, then an upsert of an attribute nobody registered: the whole completion is refused.
        var e = await Assert.ThrowsAsync<RpcException>(() => Service.RespondWorkflowTaskCompletedAsync(new RespondWorkflowTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = task.TaskToken,
            Commands =
            {
                new Command
                {
                    CommandType = CommandType.StartTimer,
                    StartTimerCommandAttributes = new StartTimerCommandAttributes { TimerId = "t", StartToFireTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) },
                },
                new Command
                {
                    CommandType = CommandType.UpsertWorkflowSearchAttributes,
                    UpsertWorkflowSearchAttributesCommandAttributes = new Temporalio.Api.Command.V1.UpsertWorkflowSearchAttributesCommandAttributes
                    {
                        SearchAttributes = new SearchAttributes { IndexedFields = { ["NoSuchAttribute"] = new Payload() } },
                    },
                },
            },
        }));
        var retry = await Service.PollWorkflowTaskQueueAsync(poll);

        Assert.Equal(RpcException.StatusCode.InvalidArgument, e.Code);
        Assert.Contains("NoSuchAttribute", e.Message, StringComparison.Ordinal);
        var events = retry.History.Events.Select(ev => ev.EventType).ToList();
        Assert.Equal(
            [EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted, EventType.WorkflowTaskFailed, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted],
            events);
        Assert.Equal(WorkflowTaskFailedCause.BadSearchAttributes, retry.History.Events[3].WorkflowTaskFailedEventAttributes.Cause);
        Assert.Equal(2, retry.Attempt);
    }

    [Fact]
    public async Task Unimplemented_method_answers_unimplemented()
    {
        if (!fixture.IsEmbedded)
        {
            return; // A real Temporal implements schedules.
        }

        var e = await Assert.ThrowsAsync<RpcException>(() => Service.CreateScheduleAsync(new CreateScheduleRequest { Namespace = "default", ScheduleId = "s" }));
        Assert.Equal(RpcException.StatusCode.Unimplemented, e.Code);
        Assert.Contains("CreateSchedule", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signal_to_unknown_workflow_is_not_found()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Service.SignalWorkflowExecutionAsync(new SignalWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowExecution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = $"missing-{Guid.NewGuid():N}" },
            SignalName = "s",
        }));
        Assert.Equal(RpcException.StatusCode.NotFound, e.Code);
    }
}
