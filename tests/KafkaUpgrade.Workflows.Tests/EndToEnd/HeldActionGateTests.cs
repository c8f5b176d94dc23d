using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Tests.EndToEnd.Scale;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Xunit.Abstractions;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>
/// Issue 12 point 2 for the gates an action applies itself (retiring a broker, restarting one): held for "30 days",
/// 720 waiting calls, each standing for one production call (an hour of 10 s polls), every run of the operation
/// stays under 10,000 events, the parent's status signals too, and the operation finishes once the gate clears.
/// The holds are real cluster states (a replica moved back onto the broker being retired; a replica's broker
/// crashed while its partner waits to restart), made at the moment the workflow reaches the gate.
/// </summary>
[Collection(TemporalCollection.Name)]
public class HeldActionGateTests(TemporalFixture temporal, ITestOutputHelper output)
{
    /// <summary>Waiting calls in 30 days of hour-long calls.</summary>
    private const int CallsIn30Days = 30 * 24;

    /// <summary>Temporal's own advice is well below this per run; the bound.</summary>
    private const int MaxEventsPerRun = 10_000;

    /// <summary>A 10 ms poll and 40 ms calls: four polls a call, so 720 calls take under a minute, not a month.</summary>
    private static readonly StepTiming Held = new(PollIntervalMs: 10, StallAfterMs: 600_000, MaxWaitPerCallMs: 40);

    [Fact]
    public async Task A_retirement_held_for_30_days_of_waiting_calls_keeps_every_run_under_10000_events_and_then_retires()
    {
        FaultyAdmin? admin = null;
        await using var harness = new UpgradeHarness(temporal.Client, wrapAdmin: a => admin = new FaultyAdmin(a));
        var old = harness.Simulator.Snapshot().Brokers.Select(b => b.Id).ToHashSet();
        var last = old.Max();
        (TopicPartition Partition, IReadOnlyList<int> Replicas)? moved = null;

        // Once every replica is off the old brokers (the workflow elects leaders, then retires), one replica goes back
        // onto the last old broker: the removal gate holds it until the test moves the replica away again.
        admin!.OnCall = call =>
        {
            if (call != nameof(IClusterAdmin.ElectPreferredLeadersAsync) || moved is not null)
            {
                return;
            }

            var state = harness.Simulator.Snapshot();
            if (state.AllPartitions.Any(p => p.Partition.Replicas.Any(old.Contains)))
            {
                return;
            }

            var (topic, partition) = state.AllPartitions.First(p => !p.Topic.Name.StartsWith("__", StringComparison.Ordinal));
            moved = (new TopicPartition(topic.Name, partition.Partition), partition.Replicas);
            IReadOnlyList<int> back = [last, .. partition.Replicas.Skip(1)];
            harness.Simulator.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [moved.Value.Partition] = back }).GetAwaiter().GetResult();
        };

        var handle = await harness.StartUpgradeAsync(new ClusterUpgradeInput(harness.ClusterId, "3.9", Timing: Held, PreApproved: true));
        var held = await handle.ProgressUntilAsync(p => p.WaitingFor?.Contains($"Node {last} ", StringComparison.Ordinal) == true, $"retirement of broker {last} to hold", TimeSpan.FromMinutes(3));

        var census = await HoldAsync(handle.Id, handle.FirstExecutionRunId ?? handle.ResultRunId!);
        // The removal gate's own words: the replica moving back (a reassignment target), then held on it.
        var holding = (await handle.ProgressAsync()).WaitingFor;
        output.WriteLine($"held: \"{held.WaitingFor}\", then \"{holding}\"");
        Assert.Matches("still holds|target of", holding);
        Assert.True(harness.Simulator.Snapshot().FindNode(last)!.IsRunning, "a broker that holds data is never removed");

        // The replica leaves again: the gate clears and the replacement finishes.
        await harness.Simulator.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [moved!.Value.Partition] = moved.Value.Replicas });
        var result = await handle.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        var after = harness.Simulator.Snapshot();
        Assert.All(old, id => Assert.True(after.FindNode(id) is null or { State: NodeState.Decommissioned }, $"broker {id} retired"));
        Assert.All(after.Brokers.Where(b => b.State != NodeState.Decommissioned), b => Assert.Equal(new KafkaVersion(3, 9), b.Version.Line));
        AssertBounded(await HistoryCensus.CollectAsync(temporal.Client, handle.Id, handle.FirstExecutionRunId ?? handle.ResultRunId!), census);
    }

    [Fact]
    public async Task A_restart_held_by_the_stop_gate_for_30_days_of_waiting_calls_keeps_every_run_under_10000_events_and_then_restarts()
    {
        HookedProvisioner? hook = null;
        await using var harness = new UpgradeHarness(temporal.Client, wrapProvisioner: p => hook = new HookedProvisioner(p));
        int? first = null;
        int? crashed = null;
        var described = new Dictionary<int, int>();

        // After the first node's restart, the next node is described twice: by its batch, then by the stop-gate
        // wait (the health gate in between reads only the admin client). At that second look a broker sharing a
        // partition with it crashes, so stopping it would leave that partition one in-sync replica short.
        hook!.OnCall = (call, node) =>
        {
            if (call == nameof(INodeProvisioner.RestartAsync))
            {
                first ??= node;
                return;
            }

            if (call != nameof(INodeProvisioner.DescribeNodeAsync) || first is null || node == first || crashed is not null)
            {
                return;
            }

            described[node] = described.GetValueOrDefault(node) + 1;
            if (described[node] == 2)
            {
                var state = harness.Simulator.Snapshot();
                crashed = state.AllPartitions.Where(p => p.Partition.Replicas.Contains(node) && p.Topic.MinInsyncReplicas >= 2 && p.Partition.ReplicationFactor > p.Topic.MinInsyncReplicas)
                    .SelectMany(p => p.Partition.Replicas)
                    .First(id => id != node && id != first);
                harness.Simulator.CrashNode(crashed.Value);
            }
        };

        var handle = await harness.StartUpgradeAsync(new ClusterUpgradeInput(harness.ClusterId, "3.9", UpgradeStrategy.RollingUpgrade, Timing: Held, PreApproved: true));
        var held = await handle.ProgressUntilAsync(p => p.WaitingFor?.Contains("below min.insync.replicas", StringComparison.Ordinal) == true, "the stop gate to hold a restart", TimeSpan.FromMinutes(3));

        var census = await HoldAsync(handle.Id, handle.FirstExecutionRunId ?? handle.ResultRunId!);
        Assert.StartsWith("Stopping broker", held.WaitingFor, StringComparison.Ordinal);
        Assert.False(harness.Simulator.Snapshot().FindNode(crashed!.Value)!.IsRunning);

        // The crashed broker comes back and rejoins: the gate clears and the roll finishes.
        await harness.Simulator.Provisioner.StartAsync(crashed.Value);
        var result = await handle.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        Assert.All(harness.Simulator.Snapshot().Brokers, b => Assert.Equal(new KafkaVersion(3, 9), b.Version.Line));
        Assert.All(harness.Simulator.Snapshot().Brokers, b => Assert.True(b.IsRunning));
        AssertBounded(await HistoryCensus.CollectAsync(temporal.Client, handle.Id, handle.FirstExecutionRunId ?? handle.ResultRunId!), census);
    }

    /// <summary>Holds until 720 more waiting calls were made; returns the census at that point.</summary>
    private async Task<IReadOnlyList<RunHistory>> HoldAsync(string workflowId, string firstRunId)
    {
        var before = Awaits(await HistoryCensus.CollectAsync(temporal.Client, workflowId, firstRunId));
        // Each look reads every run's whole history (thousands of events): once a second, not at E2E's 50 ms, so the
        // census does not compete with the run it counts.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(8);
        while (true)
        {
            var runs = await HistoryCensus.CollectAsync(temporal.Client, workflowId, firstRunId);
            if (Awaits(runs) >= before + CallsIn30Days)
            {
                return runs;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{CallsIn30Days} waiting calls not reached in 8 minutes: {Awaits(runs) - before} made");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private void AssertBounded(IReadOnlyList<RunHistory> end, IReadOnlyList<RunHistory> held)
    {
        foreach (var run in end)
        {
            var signals = run.Events.Count(e => e.EventType == EventType.WorkflowExecutionSignaled);
            output.WriteLine($"{run.WorkflowId}: {run.Events.Count} events, {Awaits([run])} waiting calls, {signals} signals received");
            Assert.True(run.Events.Count < MaxEventsPerRun, $"{run.WorkflowId} run {run.RunId} has {run.Events.Count} events");
        }

        // The parent hears of a new kind of wait, not of each call: a month of the same refusal costs it a few signals.
        var parent = end.Where(r => !r.WorkflowId.Contains("/hop-", StringComparison.Ordinal)).Sum(r => r.Events.Count(e => e.EventType == EventType.WorkflowExecutionSignaled));
        output.WriteLine($"held: {Awaits(held)} waiting calls in {held.Sum(r => r.Events.Count)} events; the parent received {parent} signals in all");
        Assert.True(parent < 100, $"the parent received {parent} status signals");
    }

    private static int Awaits(IEnumerable<RunHistory> runs) =>
        runs.Sum(r => r.Events.Count(IsAwait));

    private static bool IsAwait(HistoryEvent e) =>
        e.EventType == EventType.ActivityTaskScheduled && e.ActivityTaskScheduledEventAttributes.ActivityType.Name == "Await";
}
