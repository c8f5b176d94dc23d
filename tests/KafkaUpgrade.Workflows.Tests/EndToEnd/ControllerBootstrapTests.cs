using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Workflows.Contracts;
using Temporalio.Client;
using Xunit.Abstractions;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>
/// Issue 12, point 12: after a controller replacement every broker whose <c>controller.quorum.bootstrap.servers</c>
/// names controllers one by one is given the new ones, so a later restart finds the quorum and registers.
/// </summary>
[Collection(TemporalCollection.Name)]
public class ControllerBootstrapTests(TemporalFixture temporal, ITestOutputHelper output)
{
    private static readonly int[] OldControllers = [3000, 3001, 3002];
    private static readonly int[] Brokers = [1, 2, 3, 4, 5, 6];

    [Fact]
    public async Task Brokers_naming_the_old_controllers_are_rolled_onto_the_new_ones_and_a_later_restart_registers()
    {
        await using var harness = new UpgradeHarness(temporal.Client, speed: 500, sample: "small-kraft-4.0.json");
        var sim = harness.Simulator;

        // The cluster as an operator set it up: every broker's bootstrap list names the three controllers.
        foreach (var id in Brokers)
        {
            var config = (await sim.Provisioner.DescribeNodeAsync(id))!.Config;
            await sim.Provisioner.RestartAsync(id, config with { ControllerBootstrapIds = OldControllers });
            await E2E.UntilAsync(() => InSyncEverywhere(sim.Snapshot()), $"broker {id} back in every ISR", TimeSpan.FromSeconds(60));
        }

        var input = new ControllerReplacementInput(harness.ClusterId, "4.1", Timing: E2E.Fast);
        var result = await temporal.Client.ExecuteWorkflowAsync(
            (ControllerReplacementWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions($"controller-replacement-{harness.ClusterId}", harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(4) });
        output.WriteLine(result.Summary);

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        var state = sim.Snapshot();
        var voters = state.Quorum!.Voters.Select(v => v.NodeId).Order().ToList();
        Assert.DoesNotContain(voters, OldControllers.Contains);
        Assert.All(OldControllers, id => Assert.Equal(NodeState.Decommissioned, state.FindNode(id)!.State));
        Assert.Contains($"brokers 1,2,3,4,5,6 restarted with controller.quorum.bootstrap.servers naming controllers {string.Join(",", voters)}", result.Summary, StringComparison.Ordinal);
        foreach (var id in Brokers)
        {
            Assert.Equal(voters, (await sim.Provisioner.DescribeNodeAsync(id))!.Config.ControllerBootstrapIds);
        }

        // A later restart, outside any operation: the broker finds the new quorum, registers and rejoins every ISR.
        var broker1 = (await sim.Provisioner.DescribeNodeAsync(1))!;
        await sim.Provisioner.RestartAsync(1, broker1.Config);
        await E2E.UntilAsync(() => sim.Snapshot().FindNode(1)!.State is not NodeState.Running, "broker 1 to go down", TimeSpan.FromSeconds(30));
        await E2E.UntilAsync(() => InSyncEverywhere(sim.Snapshot()), "broker 1 to register and rejoin every ISR", TimeSpan.FromSeconds(60));
        Assert.Null((await sim.Provisioner.DescribeNodeAsync(1))!.FailureReason);

        // What the update prevents: the same restart with the old list never registers.
        await sim.Provisioner.RestartAsync(2, (await sim.Provisioner.DescribeNodeAsync(2))!.Config with { ControllerBootstrapIds = OldControllers });
        await E2E.UntilAsync(() => sim.Snapshot().FindNode(2)!.State == NodeState.Failed, "broker 2 on the old list to give up registering", TimeSpan.FromSeconds(60));
        Assert.Contains("unable to register with the controller quorum", (await sim.Provisioner.DescribeNodeAsync(2))!.FailureReason, StringComparison.Ordinal);

        var stats = sim.Statistics;
        Assert.Equal(0, stats.MinIsrViolations);
        Assert.Equal(0, stats.UnsafeRemovals);
        Assert.Equal(0, sim.CountLostAckedWrites());
    }

    [Fact]
    public async Task Brokers_on_the_layouts_bootstrap_name_need_no_restart_and_the_result_says_so()
    {
        await using var harness = new UpgradeHarness(temporal.Client, speed: 500, sample: "small-kraft-4.0.json");
        var input = new ControllerReplacementInput(harness.ClusterId, "4.1", Timing: E2E.Fast);
        var result = await temporal.Client.ExecuteWorkflowAsync(
            (ControllerReplacementWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions($"controller-replacement-{harness.ClusterId}", harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(4) });

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        Assert.Contains("brokers reach the quorum through the layout's controller.quorum.bootstrap.servers name, which still resolves: no broker to update", result.Summary, StringComparison.Ordinal);
        Assert.All(harness.Simulator.Snapshot().Brokers, b => Assert.Equal(new KafkaVersion(4, 0), b.Version.Line));
    }

    private static bool InSyncEverywhere(ClusterState state) =>
        state.Brokers.All(b => b.State == NodeState.Running) &&
        state.AllPartitions.All(p => p.Partition.Isr.Count == p.Partition.Replicas.Count);
}
