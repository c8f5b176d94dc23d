using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;

namespace KafkaUpgrade.EmbeddedTemporal.Tests.Conformance;

public sealed partial class ConformanceTests
{
    [Fact]
    public async Task Activity_that_fails_twice_then_succeeds_is_retried()
    {
        var result = await WithWorker(async queue =>
        {
            var handle = await Client.StartWorkflowAsync((RetryWorkflow w) => w.RunAsync("k1"), new WorkflowOptions(NewId("retry"), queue));
            var r = await handle.GetResultAsync();
            await Replay.AssertReplaysAsync(handle);
            return r;
        });
        Assert.Equal("succeeded on attempt 3", result);
    }

    [Fact]
    public async Task Heartbeat_timeout_retries_on_another_attempt_with_the_details()
    {
        var result = await WithWorker(queue => Client.ExecuteWorkflowAsync((HeartbeatTimeoutWorkflow w) => w.RunAsync(), new WorkflowOptions(NewId("heartbeat"), queue)));
        Assert.Equal("attempt 2 resumed from progress-1", result);
    }

    [Fact]
    public async Task Timer_fires()
    {
        var result = await WithWorker(async queue =>
        {
            var handle = await Client.StartWorkflowAsync((TimerWorkflow w) => w.RunAsync(), new WorkflowOptions(NewId("timer"), queue));
            var r = await handle.GetResultAsync();
            await Replay.AssertReplaysAsync(handle);
            return r;
        });
        Assert.Equal("fired", result);
    }

    [Fact]
    public async Task Signal_query_and_update_round_trip()
    {
        var (items, count, result, rejected) = await WithWorker(async queue =>
        {
            var handle = await Client.StartWorkflowAsync((InteractiveWorkflow w) => w.RunAsync(), new WorkflowOptions(NewId("interactive"), queue));
            await handle.SignalAsync(w => w.AddAsync("a"));
            await handle.SignalAsync(w => w.AddAsync("b"));
            var queried = await handle.QueryAsync(w => w.Items);
            var count = await handle.ExecuteUpdateAsync(w => w.AddAndCountAsync("c"));
            var rejected = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(w => w.AddAndCountAsync("")));
            await handle.SignalAsync(w => w.FinishAsync());
            var result = await handle.GetResultAsync();
            await Replay.AssertReplaysAsync(handle);
            return (queried, count, result, rejected);
        });
        Assert.Equal(["a", "b"], items);
        Assert.Equal(3, count);
        Assert.Equal("a,b,c", result);
        Assert.Contains("must not be empty", rejected.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Child_workflow_result_reaches_the_parent()
    {
        var result = await WithWorker(async queue =>
        {
            var handle = await Client.StartWorkflowAsync((ParentWorkflow w) => w.RunAsync("child"), new WorkflowOptions(NewId("parent"), queue));
            var r = await handle.GetResultAsync();
            await Replay.AssertReplaysAsync(handle);
            return r;
        });
        Assert.Equal("parent got: Hello, child!", result);
    }

    [Fact]
    public async Task Continue_as_new_carries_state()
    {
        var (result, runs) = await WithWorker(async queue =>
        {
            var id = NewId("can");
            var handle = await Client.StartWorkflowAsync((ContinueAsNewWorkflow w) => w.RunAsync(0, 0), new WorkflowOptions(id, queue));
            var r = await handle.GetResultAsync();
            var count = 0;
            await foreach (var _ in Client.ListWorkflowsAsync($"WorkflowId = '{id}'"))
            {
                count++;
            }

            return (r, count);
        });
        Assert.Equal(0 + 1 + 2 + 3, result);
        Assert.Equal(4, runs);
    }

    [Fact]
    public async Task Cancellation_reaches_a_running_activity()
    {
        var (error, observed) = await WithWorker(async queue =>
        {
            var handle = await Client.StartWorkflowAsync((CancellableWorkflow w) => w.RunAsync(), new WorkflowOptions(NewId("cancel"), queue));
            await Eventually.WaitAsync(async () => (await Client.WorkflowService.DescribeWorkflowExecutionAsync(new() { Namespace = "default", Execution = new() { WorkflowId = handle.Id } }))
                .PendingActivities.Any(a => a.State == PendingActivityState.Started));
            await handle.CancelAsync();
            var e = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            await Replay.AssertReplaysAsync(handle);
            return (e, Activities.CancelObserved);
        });
        Assert.IsType<CanceledFailureException>(error.InnerException);
        Assert.True(observed);
    }

    [Fact]
    public async Task Terminate_ends_the_workflow()
    {
        var (error, status) = await WithWorker(async queue =>
        {
            var handle = await Client.StartWorkflowAsync((WaitForeverWorkflow w) => w.RunAsync(), new WorkflowOptions(NewId("terminate"), queue));
            await handle.TerminateAsync("enough");
            var e = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            return (e, (await handle.DescribeAsync()).Status);
        });
        Assert.IsType<TerminatedFailureException>(error.InnerException);
        Assert.Equal(WorkflowExecutionStatus.Terminated, status);
    }

    [Fact]
    public async Task List_and_count_by_search_attribute()
    {
        var cluster = NewId("cluster");
        var (listed, count, memo) = await WithWorker(async queue =>
        {
            var handle = await Client.StartWorkflowAsync((TaggingWorkflow w) => w.RunAsync(cluster), new WorkflowOptions(NewId("tag"), queue));
            await handle.GetResultAsync();
            await Replay.AssertReplaysAsync(handle);
            var ids = new List<string>();
            await foreach (var wf in Client.ListWorkflowsAsync($"{ServerFixture.SearchAttribute} = '{cluster}' AND ExecutionStatus = 'Completed' AND WorkflowType = 'TaggingWorkflow'"))
            {
                ids.Add(wf.Id);
            }

            var counted = await Client.CountWorkflowsAsync($"{ServerFixture.SearchAttribute} = '{cluster}'");
            var description = await handle.DescribeAsync();
            return (ids, counted.Count, await description.Memo["cluster"].ToValueAsync<string>());
        });
        Assert.Single(listed);
        Assert.Equal(1, count);
        Assert.Equal(cluster, memo);
    }

    [Fact]
    public async Task Second_start_of_a_running_id_fails_with_already_started()
    {
        await WithWorker(async queue =>
        {
            var id = NewId("dup");
            var handle = await Client.StartWorkflowAsync((WaitForeverWorkflow w) => w.RunAsync(), new WorkflowOptions(id, queue));
            await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() => Client.StartWorkflowAsync((WaitForeverWorkflow w) => w.RunAsync(), new WorkflowOptions(id, queue)));
            await handle.TerminateAsync();
            return 0;
        });
    }

    [Fact]
    public async Task Ten_sequential_activities_complete()
    {
        var result = await WithWorker(queue => Client.ExecuteWorkflowAsync((SequenceWorkflow w) => w.RunAsync(10), new WorkflowOptions(NewId("seq"), queue)));
        Assert.Equal(45, result);
    }
}
