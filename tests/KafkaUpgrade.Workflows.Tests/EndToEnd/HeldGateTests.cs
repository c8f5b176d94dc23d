using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Workflows.Contracts;
using Temporalio.Api.Enums.V1;
using Xunit.Abstractions;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>
/// Issue 12, points 2 and 9: a gate held for days keeps history bounded (the waiting happens inside heartbeating
/// activity calls, not a timer per poll), and a pause or abort reaches an operation whose cluster cannot be read.
/// </summary>
[Collection(TemporalCollection.Name)]
public class HeldGateTests(TemporalFixture temporal, ITestOutputHelper output)
{
    /// <summary>Waiting calls in 30 days at that rate.</summary>
    private const int CallsIn30Days = 30 * 24;

    [Fact]
    public async Task A_health_gate_held_for_days_of_10_s_polls_costs_a_few_events_per_hour_and_30_days_stay_under_10000()
    {
        FaultyAdmin? admin = null;
        await using var harness = new UpgradeHarness(temporal.Client, wrapAdmin: a => admin = new FaultyAdmin(a));
        var victim = harness.Simulator.Snapshot().Brokers.Min(b => b.Id);
        harness.Simulator.CrashNode(victim);

        // Production's shape scaled down: a 1 ms poll and 1.5 s waiting calls (production: a 10 s poll, hour-long calls).
        // How many polls fit in a call depends on this machine only; what is asserted is that polls cost no events.
        var timing = new StepTiming(PollIntervalMs: 1, StallAfterMs: 600_000, MaxWaitPerCallMs: 1_500);
        var handle = await harness.StartUpgradeAsync(new ClusterUpgradeInput(harness.ClusterId, "3.9", Timing: timing, PreApproved: true));
        var held = await handle.ProgressUntilAsync(p => p.WaitingFor?.Contains($"{victim}", StringComparison.Ordinal) == true, "the pre-flight gate to hold on the crashed broker");

        // Hold it for 24 waiting calls: a "day" of hourly calls.
        const int calls = 24;
        await E2E.UntilAsync(async () => await WaitCallsAsync(handle.Id), n => n >= calls, $"{calls} waiting calls", TimeSpan.FromMinutes(3));
        var events = (await temporal.Client.GetWorkflowHandle(handle.Id).FetchHistoryAsync()).Events.ToList();
        var first = events.FindIndex(e => e.EventType == EventType.ActivityTaskScheduled && e.ActivityTaskScheduledEventAttributes.ActivityType.Name == "Await");
        var made = events.Count(e => e.EventType == EventType.ActivityTaskScheduled && e.ActivityTaskScheduledEventAttributes.ActivityType.Name == "Await");
        var perCall = (double)(events.Count - first) / made;
        var projected = events.Count + ((CallsIn30Days - made) * perCall);
        var polls = admin!.Calls.GetValueOrDefault(nameof(IClusterAdmin.DescribeClusterAsync));
        output.WriteLine($"{made} waiting calls, {polls} polls of the gate, {events.Count} events in the run ({perCall:0.0} per call); 30 days at a 10 s poll: ~{projected:0} events");

        Assert.Contains("not running", held.WaitingFor, StringComparison.Ordinal);
        // Polls cost no events: many per waiting call (as fast as this machine manages), far fewer events than polls
        // (a timer and two activities per poll cost about 11 each). So 30 days cost what their 720 hourly calls do.
        Assert.True(polls > 3 * made, $"the gate was checked {polls} times in {made} calls");
        Assert.True(events.Count < polls, $"{events.Count} events for {polls} polls");
        Assert.True(perCall <= 12, $"{perCall:0.0} events per waiting call");
        Assert.True(projected < 10_000, $"30 days would take ~{projected:0} events");

        // The gate was never skipped: the crashed broker is still down and nothing was upgraded.
        Assert.False(harness.Simulator.Snapshot().FindNode(victim)!.IsRunning);
        Assert.All(harness.Simulator.Snapshot().Brokers, b => Assert.Equal(new KafkaVersion(3, 8), b.Version.Line));
        await handle.SignalAsync(wf => wf.AbortAsync("test over"));
        var result = await handle.GetResultAsync();
        Assert.Equal(OperationOutcome.Aborted, result.Outcome);
        Assert.Contains("nothing was changed", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pause_and_abort_reach_an_operation_whose_cluster_cannot_be_read_within_a_poll()
    {
        FaultyAdmin? admin = null;
        await using var harness = new UpgradeHarness(temporal.Client, wrapAdmin: a => admin = new FaultyAdmin(a));
        var victim = harness.Simulator.Snapshot().Brokers.Min(b => b.Id);
        harness.Simulator.CrashNode(victim);
        var handle = await harness.StartUpgradeAsync(new ClusterUpgradeInput(harness.ClusterId, "3.9", Timing: E2E.Fast, PreApproved: true));
        await handle.ProgressUntilAsync(p => p.WaitingFor?.Contains("not running", StringComparison.Ordinal) == true, "the pre-flight gate to hold");

        // Kafka stops answering (a retriable error on every read): the wait goes on, saying so.
        admin!.Error = new KafkaError(13, "NETWORK_EXCEPTION");
        admin.Failing = new HashSet<string>(StringComparer.Ordinal) { nameof(IClusterAdmin.DescribeClusterAsync) };
        await handle.ProgressUntilAsync(p => p.WaitingFor?.Contains("NETWORK_EXCEPTION", StringComparison.Ordinal) == true, "the wait to name the unreachable cluster");

        await handle.SignalAsync(wf => wf.PauseAsync("look first"));
        var paused = await handle.ProgressUntilAsync(p => p.Paused && p.WaitingFor == "paused: look first", "the pause", TimeSpan.FromSeconds(10));
        Assert.True(paused.Paused);

        await handle.SignalAsync(wf => wf.AbortAsync("cluster unreachable"));
        var result = await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(OperationOutcome.Aborted, result.Outcome);
        Assert.Contains("cluster unreachable", result.Summary, StringComparison.Ordinal);
        admin.Failing = null;
        Assert.All(harness.Simulator.Snapshot().Brokers, b => Assert.Equal(new KafkaVersion(3, 8), b.Version.Line));
        Assert.Null(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());
    }

    private async Task<int> WaitCallsAsync(string workflowId)
    {
        var history = await temporal.Client.GetWorkflowHandle(workflowId).FetchHistoryAsync();
        return history.Events.Count(e => e.EventType == EventType.ActivityTaskScheduled && e.ActivityTaskScheduledEventAttributes.ActivityType.Name == "Await");
    }
}
