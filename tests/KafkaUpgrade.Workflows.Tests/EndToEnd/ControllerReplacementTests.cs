using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Simulation;
using KafkaUpgrade.Workflows.Contracts;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

[Collection(TemporalCollection.Name)]
public class ControllerReplacementTests(TemporalFixture temporal, Xunit.Abstractions.ITestOutputHelper output)
{
    private const string KRaftSample = "small-kraft-4.0.json";
    private static readonly StepTiming Fast = new(PollIntervalMs: 100, StallAfterMs: 60_000);
    private static readonly int[] OldControllers = [3000, 3001, 3002];

    [Theory]
    [MemberData(nameof(ScenarioSeeds.Each), MemberType = typeof(ScenarioSeeds))]
    public async Task Every_controller_is_replaced_by_membership_changes_the_active_one_last_without_restarting_the_quorum(int seed)
    {
        var provisioner = (RecordingProvisioner?)null;
        await using var harness = new UpgradeHarness(temporal.Client, seed: seed, speed: 300, sample: KRaftSample, wrapProvisioner: p => provisioner = new RecordingProvisioner(p));
        var before = harness.Simulator.Snapshot();
        var initialLeader = before.Quorum!.LeaderId;
        Assert.Equal(3000, initialLeader);

        var input = new ControllerReplacementInput(harness.ClusterId, "4.1", Timing: Fast);
        var handle = await temporal.Client.StartWorkflowAsync(
            (ControllerReplacementWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions($"controller-replacement-{harness.ClusterId}", harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(3) });
        var resultTask = handle.GetResultAsync();
        var watch = new QuorumWatch(harness.Simulator, OldControllers);
        while (!resultTask.IsCompleted)
        {
            // Sample the quorum as the run goes (every ~2 ms real time = under a simulated second at this speed).
            watch.Sample();
            await Task.WhenAny(resultTask, Task.Delay(2));
        }

        var result = await resultTask;
        watch.Sample();
        output.WriteLine($"{result.Summary}; {watch.Samples} samples, voters seen {string.Join(",", watch.VoterCounts.Order())}, old voters left in order {string.Join(",", watch.LeftOrder)}");
        var progress = await handle.QueryAsync(wf => wf.Progress);

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        Assert.Equal(3, result.NodesDone);
        Assert.Equal("Done", progress.Phase);
        var state = harness.Simulator.Snapshot();
        var quorum = state.Quorum!;
        Assert.Equal(3, quorum.Voters.Count);
        Assert.True(quorum.HasLeader);
        Assert.All(quorum.Voters, v =>
        {
            Assert.DoesNotContain(v.NodeId, OldControllers);
            var node = state.FindNode(v.NodeId)!;
            Assert.Equal(NodeRoles.Controller, node.Roles);
            Assert.Equal(NodeState.Running, node.State);
            Assert.Equal(new KafkaVersion(4, 1), node.Version.Line);
        });
        Assert.Equal(
            OldControllers.Select(id => before.FindNode(id)!.Rack).Order(),
            quorum.Voters.Select(v => state.FindNode(v.NodeId)!.Rack).Order());
        Assert.All(OldControllers, id => Assert.Equal(NodeState.Decommissioned, state.FindNode(id)!.State));

        // The quorum went 3 -> 4 -> 3 voters per controller (one change at a time), never fewer, never more, and a
        // majority of its voters ran at every observed point.
        Assert.True(watch.Samples > 50, $"only {watch.Samples} samples");
        Assert.All(watch.VoterCounts, count => Assert.InRange(count, 3, 4));
        Assert.Empty(watch.MajorityLost);
        Assert.Equal(OldControllers.Length, watch.LeftOrder.Count);
        Assert.Equal(initialLeader, watch.LeftOrder[^1]);

        // No rolling restart: nothing was stopped, started or restarted; nodes were only added and removed.
        Assert.NotNull(provisioner);
        Assert.Empty(provisioner.Restarts);
        Assert.Equal(3, provisioner.Provisioned.Distinct().Count());
        Assert.Equal(OldControllers, provisioner.Decommissioned.Distinct().Order());

        var stats = harness.Simulator.Statistics;
        Assert.True(stats.AckedWrites > 0);
        Assert.Equal(0, stats.LostAckedWrites);
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
        Assert.Equal(0, stats.MinIsrViolations);
        Assert.Equal(0, stats.UnsafeRemovals);
    }

    [Theory]
    [MemberData(nameof(ScenarioSeeds.Each), MemberType = typeof(ScenarioSeeds))]
    public async Task Pause_then_abort_stops_after_the_membership_change_in_flight_with_as_many_voters_as_before(int seed)
    {
        await using var harness = new UpgradeHarness(temporal.Client, seed: seed, speed: 300, sample: KRaftSample);
        var input = new ControllerReplacementInput(harness.ClusterId, "4.1", Timing: Fast);
        var handle = await temporal.Client.StartWorkflowAsync(
            (ControllerReplacementWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions($"controller-replacement-{harness.ClusterId}", harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(3) });
        var resultTask = handle.GetResultAsync();
        var watch = new QuorumWatch(harness.Simulator, OldControllers);
        while (watch.LeftOrder.Count == 0 && !resultTask.IsCompleted)
        {
            watch.Sample();
            await Task.WhenAny(resultTask, Task.Delay(2));
        }

        await handle.SignalAsync(wf => wf.PauseAsync("change freeze"));
        var paused = await handle.QueryAsync(wf => wf.Progress);
        Assert.True(paused.Paused);
        Assert.Equal("paused: change freeze", paused.WaitingFor);
        await handle.SignalAsync(wf => wf.AbortAsync("rehearsal over"));
        while (!resultTask.IsCompleted)
        {
            watch.Sample();
            await Task.WhenAny(resultTask, Task.Delay(2));
        }

        var result = await resultTask;
        watch.Sample();
        output.WriteLine($"{result.Summary}; old voters left in order {string.Join(",", watch.LeftOrder)}");

        Assert.Equal(OperationOutcome.Aborted, result.Outcome);
        Assert.Contains("rehearsal over", result.Summary, StringComparison.Ordinal);
        var state = harness.Simulator.Snapshot();
        var quorum = state.Quorum!;
        Assert.Equal(3, quorum.Voters.Count);
        Assert.True(quorum.HasLeader);
        Assert.All(quorum.Voters, v => Assert.Equal(NodeState.Running, state.FindNode(v.NodeId)!.State));
        Assert.Equal(result.NodesDone, OldControllers.Count(id => quorum.Voters.All(v => v.NodeId != id)));
        Assert.InRange(result.NodesDone, 1, 2);
        Assert.Contains(3000, quorum.Voters.Select(v => v.NodeId));

        // Nothing left half done: every controller is a voter or gone (no unused new controller kept running).
        Assert.All(state.Nodes.Where(n => n.IsController && n.State != NodeState.Decommissioned), n => Assert.Contains(n.Id, quorum.Voters.Select(v => v.NodeId)));
        Assert.All(watch.VoterCounts, count => Assert.InRange(count, 3, 4));
        Assert.Empty(watch.MajorityLost);
        var stats = harness.Simulator.Statistics;
        Assert.Equal(0, stats.LostAckedWrites);
        Assert.Equal(0, stats.UnsafeRemovals);
    }

    [Theory]
    [MemberData(nameof(ScenarioSeeds.Each), MemberType = typeof(ScenarioSeeds))]
    public async Task A_cluster_upgrade_by_node_replacement_on_a_dynamic_quorum_replaces_the_controllers_too(int seed)
    {
        var provisioner = (RecordingProvisioner?)null;
        await using var harness = new UpgradeHarness(temporal.Client, seed: seed, speed: 2000, sample: KRaftSample, wrapProvisioner: p => provisioner = new RecordingProvisioner(p));
        var input = new ClusterUpgradeInput(harness.ClusterId, "4.1", Timing: Fast, PreApproved: true, ThrottleBytesPerSecond: 500L << 20);
        var handle = await temporal.Client.StartWorkflowAsync(
            (ClusterUpgradeWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(Support.WorkflowIds.ForCluster(harness.ClusterId), harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(5) });
        var resultTask = handle.GetResultAsync();
        var watch = new QuorumWatch(harness.Simulator, OldControllers);
        while (!resultTask.IsCompleted)
        {
            watch.Sample();
            await Task.WhenAny(resultTask, Task.Delay(5));
        }

        var result = await resultTask;
        output.WriteLine($"{result.Summary}; old voters left in order {string.Join(",", watch.LeftOrder)}");

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        var state = harness.Simulator.Snapshot();
        Assert.All(state.Nodes.Where(n => n.State != NodeState.Decommissioned), n => Assert.Equal(new KafkaVersion(4, 1), n.Version.Line));
        Assert.All(OldControllers, id => Assert.Equal(NodeState.Decommissioned, state.FindNode(id)!.State));
        Assert.Equal(3, state.Quorum!.Voters.Count);
        Assert.Equal(6, state.Brokers.Count(b => b.State == NodeState.Running));
        Assert.Equal(3000, watch.LeftOrder[^1]);
        Assert.All(watch.VoterCounts, count => Assert.InRange(count, 3, 4));
        Assert.Empty(watch.MajorityLost);
        Assert.NotNull(provisioner);
        Assert.Empty(provisioner.Restarts);
        var stats = harness.Simulator.Statistics;
        Assert.Equal(0, stats.LostAckedWrites);
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
        Assert.Equal(0, stats.MinIsrViolations);
        Assert.Equal(0, stats.UnsafeRemovals);
    }

    [Fact]
    public async Task A_static_quorum_is_refused_naming_kraft_version_and_nothing_changes()
    {
        var provisioner = (RecordingProvisioner?)null;
        await using var harness = new UpgradeHarness(
            temporal.Client,
            sample: KRaftSample,
            adjust: s => s with { Features = s.Features with { KraftVersion = 0 } },
            wrapProvisioner: p => provisioner = new RecordingProvisioner(p));
        var before = harness.Simulator.Snapshot();
        var input = new ControllerReplacementInput(harness.ClusterId, "4.1", Timing: Fast);

        var failed = await Assert.ThrowsAsync<Temporalio.Exceptions.WorkflowFailedException>(() => temporal.Client.ExecuteWorkflowAsync(
            (ControllerReplacementWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions($"controller-replacement-{harness.ClusterId}", harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(1) }));

        var failure = Assert.IsType<ApplicationFailureException>(failed.InnerException);
        output.WriteLine(failure.Message);
        Assert.Equal(ControllerReplacementWorkflow.StaticQuorum, failure.ErrorType);
        Assert.Contains("kraft.version=0", failure.Message, StringComparison.Ordinal);
        Assert.Contains("--standalone or --initial-controllers", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", failure.Message, StringComparison.Ordinal);

        var after = harness.Simulator.Snapshot();
        Assert.Equal(before.Nodes.Select(n => (n.Id, n.State, n.Version)), after.Nodes.Select(n => (n.Id, n.State, n.Version)));
        Assert.Equal(before.Quorum!.Voters.Select(v => v.NodeId), after.Quorum!.Voters.Select(v => v.NodeId));
        Assert.NotNull(provisioner);
        Assert.Empty(provisioner.Provisioned);
        Assert.Empty(provisioner.Restarts);
        Assert.Empty(provisioner.Decommissioned);
    }

    [Fact]
    public async Task A_zookeeper_cluster_and_an_unknown_voter_are_refused_before_anything_changes()
    {
        await using var zk = new UpgradeHarness(temporal.Client);
        var zkInput = new ControllerReplacementInput(zk.ClusterId, "3.9", Timing: Fast);
        var notKRaft = await Assert.ThrowsAsync<Temporalio.Exceptions.WorkflowFailedException>(() => temporal.Client.ExecuteWorkflowAsync(
            (ControllerReplacementWorkflow wf) => wf.RunAsync(zkInput),
            new WorkflowOptions($"controller-replacement-{zk.ClusterId}", zk.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(1) }));
        var failure = Assert.IsType<ApplicationFailureException>(notKRaft.InnerException);
        Assert.Equal(ControllerReplacementWorkflow.NotKRaft, failure.ErrorType);
        Assert.Contains("ZooKeeper mode", failure.Message, StringComparison.Ordinal);

        await using var kraft = new UpgradeHarness(temporal.Client, sample: KRaftSample);
        var badInput = new ControllerReplacementInput(kraft.ClusterId, "4.1", ControllerIds: [3000, 1], Timing: Fast);
        var invalid = await Assert.ThrowsAsync<Temporalio.Exceptions.WorkflowFailedException>(() => temporal.Client.ExecuteWorkflowAsync(
            (ControllerReplacementWorkflow wf) => wf.RunAsync(badInput),
            new WorkflowOptions($"controller-replacement-{kraft.ClusterId}", kraft.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(1) }));
        var bad = Assert.IsType<ApplicationFailureException>(invalid.InnerException);
        Assert.Equal("InvalidInput", bad.ErrorType);
        Assert.Contains("node 1 is not a voter of the quorum", bad.Message, StringComparison.Ordinal);
        Assert.Equal(9, kraft.Simulator.Snapshot().Nodes.Count);
    }

    /// <summary>What the quorum looked like at each sample: voter counts, majority, and the order old voters left in.</summary>
    private sealed class QuorumWatch(KafkaSimulator simulator, IReadOnlyCollection<int> old)
    {
        public HashSet<int> VoterCounts { get; } = [];

        public List<string> MajorityLost { get; } = [];

        public List<int> LeftOrder { get; } = [];

        public int Samples { get; private set; }

        public void Sample()
        {
            var state = simulator.Snapshot();
            var quorum = state.Quorum!;
            Samples++;
            VoterCounts.Add(quorum.Voters.Count);
            var running = quorum.Voters.Count(v => state.FindNode(v.NodeId) is { State: NodeState.Running });
            if (running * 2 <= quorum.Voters.Count)
            {
                MajorityLost.Add($"{simulator.Now}: {running} of {quorum.Voters.Count} voters running");
            }

            foreach (var id in old.Where(id => !LeftOrder.Contains(id) && quorum.Voters.All(v => v.NodeId != id)))
            {
                LeftOrder.Add(id);
            }
        }
    }
}
