using System.Text.Json;

namespace KafkaUpgrade.EmbeddedTemporal.Tests.TypeScript;

/// <summary>
/// The Temporal TypeScript SDK 1.24 (client and worker, tests/temporal-ts) against the server: each test runs one
/// scenario of src/run.js with its own worker and asserts the decoded results it prints.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TypeScriptSdkTests(ServerFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    private async Task<JsonElement> Run(string scenario)
    {
        var json = await NodeScript.RunAsync("run.js", fixture.Address, scenario);
        output.WriteLine(json.GetRawText());
        return json;
    }

    [Fact]
    public async Task Activities_run_with_the_timeouts_and_retries_the_server_fills_in()
    {
        var outcome = await Run("activities");
        var result = outcome.GetProperty("result");
        Assert.Equal("Hello, Kafka!", result.GetProperty("greeting").GetString());
        var retried = result.GetProperty("retried");
        Assert.Equal(3, retried.GetProperty("attempt").GetInt32());

        // Only start-to-close (10 s) was given: Temporal's frontend sets schedule-to-close to the workflow's run
        // timeout (unlimited here, so 0) and schedule-to-start to schedule-to-close.
        Assert.Equal(10_000, retried.GetProperty("startToCloseTimeoutMs").GetInt64());
        // The retry policy gave 50 ms and coefficient 1; the server filled in Temporal's maximum interval of 100 x initial.
        Assert.Equal(5000, retried.GetProperty("retryPolicy").GetProperty("maximumInterval").GetInt64());
        Assert.Equal("flaky", retried.GetProperty("activityType").GetString());
        Assert.Equal(0, retried.GetProperty("scheduleToCloseTimeoutMs").GetInt64());
        Assert.True(retried.GetProperty("currentAttemptScheduledTimestampMs").GetInt64() >= retried.GetProperty("scheduledTimestampMs").GetInt64());
        var events = outcome.GetProperty("events").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(2, events.Count(e => e!.Contains("ACTIVITY_TASK_COMPLETED", StringComparison.Ordinal) || e == "12"));
    }

    [Fact]
    public async Task Timer_sleeps_at_least_its_duration()
    {
        var outcome = await Run("timer");
        Assert.True(outcome.GetProperty("result").GetProperty("sleptMs").GetInt64() >= 300);
    }

    [Fact]
    public async Task Signals_query_and_updates_reach_the_workflow()
    {
        var outcome = await Run("interactive");
        Assert.Equal(["a", "b"], outcome.GetProperty("queried").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, outcome.GetProperty("count").GetInt32());
        Assert.Contains("must not be empty", outcome.GetProperty("rejected").GetString(), StringComparison.Ordinal);
        Assert.Equal(["a", "b", "Hello, c!"], outcome.GetProperty("result").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Child_workflow_result_reaches_the_parent()
    {
        var outcome = await Run("child");
        Assert.Equal(41, outcome.GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task Continue_as_new_carries_state_across_runs()
    {
        var outcome = await Run("continueAsNew");
        var result = outcome.GetProperty("result");
        Assert.Equal(6, result.GetProperty("total").GetInt32());
        Assert.Equal("continued", result.GetProperty("runs").GetString());
    }

    [Fact]
    public async Task Cancellation_reaches_the_running_activity_and_the_cleanup_runs()
    {
        var outcome = await Run("cancellation");
        Assert.Equal("CancelledFailure", outcome.GetProperty("failure").GetString());
        Assert.Equal("CANCELLED", outcome.GetProperty("status").GetString());
        Assert.True(outcome.GetProperty("cancelObserved").GetBoolean());
        Assert.True(outcome.GetProperty("cleanup").GetBoolean());
    }

    [Fact]
    public async Task Heartbeat_timeout_retries_with_the_last_heartbeat_details()
    {
        var outcome = await Run("heartbeats");
        Assert.Equal("attempt 2 resumed from progress-1", outcome.GetProperty("result").GetString());
    }
}
