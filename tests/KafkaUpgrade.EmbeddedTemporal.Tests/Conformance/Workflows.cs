using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace KafkaUpgrade.EmbeddedTemporal.Tests.Conformance;

internal static class Opts
{
    public static ActivityOptions Quick => new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(10),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(100), BackoffCoefficient = 1.5f },
    };
}

[Workflow]
public class GreetingWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string name) =>
        await Workflow.ExecuteActivityAsync((Activities a) => a.Greet(name), Opts.Quick);
}

[Workflow]
public class SequenceWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int steps)
    {
        var total = 0;
        for (var i = 0; i < steps; i++)
        {
            total = await Workflow.ExecuteActivityAsync((Activities a) => a.Add(total, i), Opts.Quick);
        }

        return total;
    }
}

[Workflow]
public class RetryWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string key) =>
        await Workflow.ExecuteActivityAsync((Activities a) => a.FlakyTwice(key), Opts.Quick);
}

[Workflow]
public class HeartbeatTimeoutWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync() =>
        await Workflow.ExecuteActivityAsync((Activities a) => a.HeartbeatThenStall(), new ActivityOptions
        {
            StartToCloseTimeout = TimeSpan.FromSeconds(30),
            HeartbeatTimeout = TimeSpan.FromSeconds(1),
            RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(100) },
        });
}

[Workflow]
public class TimerWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        var before = Workflow.UtcNow;
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(500));
        return Workflow.UtcNow - before >= TimeSpan.FromMilliseconds(500) ? "fired" : "too early";
    }
}

[Workflow]
public class InteractiveWorkflow
{
    private readonly List<string> items = [];
    private bool done;

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        await Workflow.WaitConditionAsync(() => done);
        return string.Join(",", items);
    }

    [WorkflowSignal]
    public Task AddAsync(string item)
    {
        items.Add(item);
        return Task.CompletedTask;
    }

    [WorkflowSignal]
    public Task FinishAsync()
    {
        done = true;
        return Task.CompletedTask;
    }

    [WorkflowQuery]
    public IReadOnlyList<string> Items => items;

    [WorkflowUpdate]
    public async Task<int> AddAndCountAsync(string item)
    {
        await Workflow.ExecuteActivityAsync((Activities a) => a.Greet(item), Opts.Quick);
        items.Add(item);
        return items.Count;
    }

    [WorkflowUpdateValidator(nameof(AddAndCountAsync))]
    public void ValidateAddAndCount(string item)
    {
        if (string.IsNullOrEmpty(item))
        {
            throw new ApplicationFailureException("item must not be empty");
        }
    }
}

[Workflow]
public class ParentWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string name)
    {
        var child = await Workflow.ExecuteChildWorkflowAsync((GreetingWorkflow w) => w.RunAsync(name), new() { Id = Workflow.Info.WorkflowId + "-child" });
        return "parent got: " + child;
    }
}

[Workflow]
public class ContinueAsNewWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int iteration, int total)
    {
        var sum = await Workflow.ExecuteActivityAsync((Activities a) => a.Add(total, iteration), Opts.Quick);
        if (iteration < 3)
        {
            throw Workflow.CreateContinueAsNewException((ContinueAsNewWorkflow w) => w.RunAsync(iteration + 1, sum));
        }

        return sum;
    }
}

[Workflow]
public class CancellableWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        try
        {
            await Workflow.ExecuteActivityAsync((Activities a) => a.WaitForCancel(), new ActivityOptions
            {
                StartToCloseTimeout = TimeSpan.FromMinutes(1),
                HeartbeatTimeout = TimeSpan.FromSeconds(2),
                CancellationType = ActivityCancellationType.WaitCancellationCompleted,
            });
            return "not cancelled";
        }
        catch (Exception e) when (TemporalException.IsCanceledException(e))
        {
            throw;
        }
    }
}

[Workflow]
public class WaitForeverWorkflow
{
    [WorkflowRun]
    public async Task RunAsync() => await Workflow.WaitConditionAsync(() => false);
}

[Workflow]
public class TaggingWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string cluster)
    {
        Workflow.UpsertTypedSearchAttributes(SearchAttributeKey.CreateKeyword(ServerFixture.SearchAttribute).ValueSet(cluster));
        Workflow.UpsertMemo(MemoUpdate.ValueSet("cluster", cluster));
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(10));
        return cluster;
    }
}
