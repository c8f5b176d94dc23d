using Google.Protobuf.WellKnownTypes;
using KafkaUpgrade.EmbeddedTemporal.Tests.Conformance;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Worker;
using TaskQueue = Temporalio.Api.TaskQueue.V1.TaskQueue;
using WorkflowExecution = Temporalio.Api.Common.V1.WorkflowExecution;

namespace KafkaUpgrade.EmbeddedTemporal.Tests;

/// <summary>
/// Sticky task queues as Temporal does them, driven through the raw worker protocol so each step is visible: after a
/// completion with StickyAttributes the next task goes to the sticky queue with only the new events; it falls back to
/// the normal queue with the full history after the sticky schedule-to-start timeout, a failed sticky task or a reset.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StickyQueueTests(ServerFixture fixture)
{
    private const string Ns = "default";

    private WorkflowService Service => fixture.Client.WorkflowService;

    [Fact]
    public async Task Next_task_goes_to_the_sticky_queue_with_only_the_new_events()
    {
        var (queue, sticky, execution) = await StartAndCompleteFirstTaskAsync(TimeSpan.FromSeconds(30));

        var polled = PollAsync(sticky, TaskQueueKind.Sticky, queue);
        await WaitForStickyPollerThenSignalAsync(polled, sticky, execution);
        var task = await polled;

        // Events 1-3 were the first task's; the worker that holds the run gets only what came after its started event.
        Assert.Equal(3, task.PreviousStartedEventId);
        Assert.Equal(4, task.History.Events[0].EventId);
        Assert.Contains(task.History.Events, e => e.EventType == EventType.WorkflowExecutionSignaled);
        var scheduled = task.History.Events.Single(e => e.EventType == EventType.WorkflowTaskScheduled).WorkflowTaskScheduledEventAttributes;
        Assert.Equal(TaskQueueKind.Sticky, scheduled.TaskQueue.Kind);
        Assert.Equal(sticky, scheduled.TaskQueue.Name);
        Assert.Equal(queue, task.WorkflowExecutionTaskQueue.Name);
    }

    [Fact]
    public async Task Sticky_task_not_taken_in_time_times_out_and_goes_to_the_normal_queue_with_full_history()
    {
        var (queue, sticky, execution) = await StartAndCompleteFirstTaskAsync(TimeSpan.FromSeconds(1));

        // The sticky worker polled a moment ago (so the task is put on its queue) and then stops polling.
        await PollAsync(sticky, TaskQueueKind.Sticky, queue, TimeSpan.FromSeconds(1.5));
        await SignalAsync(execution);
        var task = await PollAsync(queue, TaskQueueKind.Normal, queue);

        Assert.Equal(1, task.History.Events[0].EventId);
        var timedOut = task.History.Events.Single(e => e.EventType == EventType.WorkflowTaskTimedOut).WorkflowTaskTimedOutEventAttributes;
        Assert.Equal(TimeoutType.ScheduleToStart, timedOut.TimeoutType);
        Assert.Equal(0, timedOut.StartedEventId);
        var lastScheduled = task.History.Events.Last(e => e.EventType == EventType.WorkflowTaskScheduled).WorkflowTaskScheduledEventAttributes;
        Assert.Equal(TaskQueueKind.Normal, lastScheduled.TaskQueue.Kind);
        Assert.Equal(1, task.Attempt);
    }

    [Fact]
    public async Task Sticky_queue_nobody_polls_is_skipped_at_once()
    {
        var (queue, _, execution) = await StartAndCompleteFirstTaskAsync(TimeSpan.FromSeconds(30));

        // No poller was ever seen on the sticky queue: Temporal's matching refuses it and the task goes to the normal queue.
        await SignalAsync(execution);
        var task = await PollAsync(queue, TaskQueueKind.Normal, queue, TimeSpan.FromSeconds(10));

        Assert.False(task.TaskToken.IsEmpty);
        Assert.Equal(1, task.History.Events[0].EventId);
        Assert.DoesNotContain(task.History.Events, e => e.EventType == EventType.WorkflowTaskTimedOut);
    }

    [Fact]
    public async Task Cache_miss_on_the_sticky_worker_is_retried_on_the_normal_queue_without_counting_an_attempt()
    {
        var (queue, sticky, execution) = await StartAndCompleteFirstTaskAsync(TimeSpan.FromSeconds(30));
        var polled = PollAsync(sticky, TaskQueueKind.Sticky, queue);
        await WaitForStickyPollerThenSignalAsync(polled, sticky, execution);
        var stickyTask = await polled;

        await Service.RespondWorkflowTaskFailedAsync(new RespondWorkflowTaskFailedRequest
        {
            Namespace = Ns,
            TaskToken = stickyTask.TaskToken,
            Cause = WorkflowTaskFailedCause.ResetStickyTaskQueue,
            Identity = "sticky-test",
        });
        var task = await PollAsync(queue, TaskQueueKind.Normal, queue);

        Assert.Equal(1, task.History.Events[0].EventId);
        Assert.Equal(WorkflowTaskFailedCause.ResetStickyTaskQueue,
            task.History.Events.Single(e => e.EventType == EventType.WorkflowTaskFailed).WorkflowTaskFailedEventAttributes.Cause);
        Assert.Equal(1, task.Attempt);
    }

    [Fact]
    public async Task Reset_sticky_task_queue_sends_the_next_task_to_the_normal_queue()
    {
        var (queue, sticky, execution) = await StartAndCompleteFirstTaskAsync(TimeSpan.FromSeconds(30));
        await Service.ResetStickyTaskQueueAsync(new ResetStickyTaskQueueRequest { Namespace = Ns, Execution = execution });

        var stickyPoll = PollAsync(sticky, TaskQueueKind.Sticky, queue, TimeSpan.FromSeconds(3));
        await SignalAsync(execution);
        var task = await PollAsync(queue, TaskQueueKind.Normal, queue);

        Assert.Equal(1, task.History.Events[0].EventId);
        Assert.Equal(TaskQueueKind.Normal, task.History.Events.Last(e => e.EventType == EventType.WorkflowTaskScheduled).WorkflowTaskScheduledEventAttributes.TaskQueue.Kind);
        Assert.True((await stickyPoll).TaskToken.IsEmpty);
    }

    [Fact]
    public async Task The_sdk_worker_runs_on_its_sticky_queue_and_the_history_replays()
    {
        var queue = $"sticky-sdk-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(fixture.Client, ConformanceTests.WorkerOptions(queue));
        var (result, history) = await worker.ExecuteAsync(async () =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((InteractiveWorkflow w) => w.RunAsync(), new WorkflowOptions($"sticky-sdk-{Guid.NewGuid():N}", queue));
            foreach (var item in new[] { "a", "b", "c" })
            {
                await handle.SignalAsync(w => w.AddAsync(item));
                await Eventually.WaitAsync(async () => (await handle.QueryAsync(w => w.Items)).Contains(item));
            }

            await handle.SignalAsync(w => w.FinishAsync());
            var r = await handle.GetResultAsync();
            await Replay.AssertReplaysAsync(handle);
            return (r, await handle.FetchHistoryAsync());
        });

        Assert.Equal("a,b,c", result);
        var scheduled = history.Events.Where(e => e.EventType == EventType.WorkflowTaskScheduled).Select(e => e.WorkflowTaskScheduledEventAttributes.TaskQueue).ToList();
        Assert.Equal(TaskQueueKind.Normal, scheduled[0].Kind);
        Assert.Contains(scheduled.Skip(1), q => q.Kind == TaskQueueKind.Sticky && q.NormalName == queue);
    }

    /// <summary>Starts a workflow, takes its first task from the normal queue and completes it asking for a sticky queue.</summary>
    private async Task<(string Queue, string Sticky, WorkflowExecution Execution)> StartAndCompleteFirstTaskAsync(TimeSpan stickyTimeout)
    {
        var queue = $"sticky-{Guid.NewGuid():N}";
        var sticky = $"{queue}-worker-1";
        var started = await Service.StartWorkflowExecutionAsync(new StartWorkflowExecutionRequest
        {
            Namespace = Ns,
            WorkflowId = $"sticky-{Guid.NewGuid():N}",
            WorkflowType = new WorkflowType { Name = "StickyProbe" },
            TaskQueue = new TaskQueue { Name = queue },
            RequestId = Guid.NewGuid().ToString(),
        });
        var first = await PollAsync(queue, TaskQueueKind.Normal, queue);
        Assert.Equal(1, first.History.Events[0].EventId);
        await Service.RespondWorkflowTaskCompletedAsync(new RespondWorkflowTaskCompletedRequest
        {
            Namespace = Ns,
            TaskToken = first.TaskToken,
            Identity = "sticky-test",
            StickyAttributes = new StickyExecutionAttributes
            {
                WorkerTaskQueue = new TaskQueue { Name = sticky, Kind = TaskQueueKind.Sticky, NormalName = queue },
                ScheduleToStartTimeout = Duration.FromTimeSpan(stickyTimeout),
            },
        });
        return (queue, sticky, first.WorkflowExecution);
    }

    private Task<PollWorkflowTaskQueueResponse> PollAsync(string name, TaskQueueKind kind, string normal, TimeSpan? wait = null) =>
        Service.PollWorkflowTaskQueueAsync(
            new PollWorkflowTaskQueueRequest
            {
                Namespace = Ns,
                TaskQueue = new TaskQueue { Name = name, Kind = kind, NormalName = kind == TaskQueueKind.Sticky ? normal : "" },
                Identity = "sticky-test",
            },
            new Temporalio.Client.RpcOptions { Timeout = wait ?? TimeSpan.FromSeconds(30) });

    /// <summary>Signals once the sticky long poll is on the server (DescribeTaskQueue lists it), so the task finds its worker polling.</summary>
    private async Task WaitForStickyPollerThenSignalAsync(Task<PollWorkflowTaskQueueResponse> poll, string sticky, WorkflowExecution execution)
    {
        await Eventually.WaitAsync(async () => poll.IsCompleted || (await Service.DescribeTaskQueueAsync(new DescribeTaskQueueRequest
        {
            Namespace = Ns,
            TaskQueue = new TaskQueue { Name = sticky, Kind = TaskQueueKind.Sticky },
            TaskQueueType = TaskQueueType.Workflow,
        })).Pollers.Any(p => p.Identity == "sticky-test"));
        await SignalAsync(execution);
    }

    private Task<SignalWorkflowExecutionResponse> SignalAsync(WorkflowExecution execution) => Service.SignalWorkflowExecutionAsync(new SignalWorkflowExecutionRequest
    {
        Namespace = Ns,
        WorkflowExecution = execution,
        SignalName = "poke",
        RequestId = Guid.NewGuid().ToString(),
        Identity = "sticky-test",
    });
}
