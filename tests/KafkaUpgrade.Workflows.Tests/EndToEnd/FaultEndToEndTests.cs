using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Workflows.Contracts;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>Faults injected in the middle of a node replacement: the workflow waits, says why, and finishes once healed.</summary>
[Collection(TemporalCollection.Name)]
public class FaultEndToEndTests(TemporalFixture temporal)
{
    // Several seeds: which broker wins a controller race or an election differs from run to run, as on a real cluster.
    [Theory]
    [InlineData(7)]
    [InlineData(31)]
    public async Task A_broker_crashing_mid_reassignment_makes_the_move_wait_until_it_is_back(int seed)
    {
        await using var harness = new UpgradeHarness(temporal.Client, speed: 2000, seed: seed);
        var input = new ClusterUpgradeInput(harness.ClusterId, "3.9", Timing: E2E.Fast, PreApproved: true, ThrottleBytesPerSecond: 100L << 20);
        var handle = await harness.StartUpgradeAsync(input);
        var moving = await E2E.UntilAsync(
            () => Task.FromResult(harness.Simulator.Snapshot()),
            s => s.InFlightReassignments.Any(r => r.AddingReplicas.Count > 0),
            "data to be moving to a new broker");
        var victim = moving.InFlightReassignments.SelectMany(r => r.AddingReplicas).Min();

        harness.Simulator.CrashNode(victim);
        var waiting = await handle.ProgressUntilAsync(p => p.WaitingFor?.Contains($"broker {victim} (", StringComparison.Ordinal) == true, $"the wait to name crashed broker {victim}");
        Assert.Contains("to come back", waiting.WaitingFor);

        // Still waiting a while later: nothing is retired while a receiving broker is down.
        var later = harness.Simulator.Now + TimeSpan.FromMinutes(2);
        await E2E.UntilAsync(() => harness.Simulator.Now >= later, "two simulated minutes");
        Assert.Contains($"broker {victim} (", (await handle.ProgressAsync()).WaitingFor);
        Assert.Equal(6, harness.Simulator.Snapshot().Nodes.Count(n => n.Id <= 6 && n.State == NodeState.Running));

        await harness.Simulator.Provisioner.StartAsync(victim);
        var result = await handle.GetResultAsync();

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        var state = harness.Simulator.Snapshot();
        Assert.All(state.Nodes.Where(n => n.State != NodeState.Decommissioned), n => Assert.Equal(new KafkaVersion(3, 9), n.Version.Line));
        Assert.Equal(6, state.Brokers.Count(b => b.State == NodeState.Running));
        Assert.Equal(0, harness.Simulator.Statistics.LostAckedWrites);
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
        Assert.Equal(0, harness.Simulator.Statistics.UnsafeRemovals);
        Assert.Null(await harness.Simulator.Admin.DescribeReplicationThrottleAsync());
        if (seed == 7)
        {
            await HistoryRecorder.MaybeRecordAsync(temporal.Client, $"{handle.Id}/hop-1-SoftwareUpgrade", "node-replacement-hop-with-crash");
        }
    }

    [Fact]
    public async Task A_slow_follower_stalls_the_move_visibly_and_it_continues_once_restored()
    {
        await using var harness = new UpgradeHarness(temporal.Client, speed: 2000);

        // A stall is reported after 1.5 s of workflow time: about 50 simulated minutes here.
        var timing = E2E.Fast with { StallAfterMs = 1_500 };
        var input = new ClusterUpgradeInput(harness.ClusterId, "3.9", Timing: timing, PreApproved: true, ThrottleBytesPerSecond: 100L << 20);
        var handle = await harness.StartUpgradeAsync(input);
        var moving = await E2E.UntilAsync(
            () => Task.FromResult(harness.Simulator.Snapshot()),
            s => s.InFlightReassignments.Any(r => r.AddingReplicas.Count > 0),
            "data to be moving to a new broker");
        var slow = moving.InFlightReassignments.SelectMany(r => r.AddingReplicas).Min();

        harness.Simulator.SetBandwidthFactor(slow, 0.0001);
        var stalled = await handle.ProgressUntilAsync(p => p.WaitingFor?.StartsWith("move stalled", StringComparison.Ordinal) == true, "the stall to be reported");
        Assert.Contains("the old brokers stay until it completes", stalled.WaitingFor);
        Assert.Equal(6, harness.Simulator.Snapshot().Nodes.Count(n => n.Id <= 6 && n.State == NodeState.Running));

        harness.Simulator.SetBandwidthFactor(slow, 1);
        var result = await handle.GetResultAsync();

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        Assert.Equal(6, harness.Simulator.Snapshot().Brokers.Count(b => b.State == NodeState.Running));
        Assert.Equal(0, harness.Simulator.Statistics.LostAckedWrites);
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
        Assert.Equal(0, harness.Simulator.Statistics.UnsafeRemovals);
    }
}
