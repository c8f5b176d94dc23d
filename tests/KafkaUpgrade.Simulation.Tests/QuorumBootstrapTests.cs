using KafkaUpgrade.Core.Model;
using static KafkaUpgrade.Simulation.Tests.SimTestClusters;

namespace KafkaUpgrade.Simulation.Tests;

/// <summary>
/// Issue 12, point 12: a KRaft broker finds the active controller through <c>controller.quorum.bootstrap.servers</c>
/// (Kafka 3.9 ops, "Controller Servers"; KIP-853); restarted with a list naming no controller that runs, it cannot
/// register and exits after the registration timeout.
/// </summary>
public class QuorumBootstrapTests
{
    [Fact]
    public async Task A_broker_restarted_with_a_bootstrap_list_naming_no_live_controller_never_registers_one_naming_a_live_one_does()
    {
        var sim = KafkaSimulator.Load(ThreeBrokers(MetadataMode.KRaft));
        sim.CrashNode(100);
        sim.Step(TimeSpan.FromSeconds(20));
        Assert.True(sim.Snapshot().Quorum!.HasLeader);

        var config = (await sim.Provisioner.DescribeNodeAsync(1))!.Config;
        await sim.Provisioner.RestartAsync(1, config with { ControllerBootstrapIds = [100] });
        await sim.Provisioner.RestartAsync(2, (await sim.Provisioner.DescribeNodeAsync(2))!.Config with { ControllerBootstrapIds = [100, 101] });
        await sim.Provisioner.RestartAsync(3, (await sim.Provisioner.DescribeNodeAsync(3))!.Config);

        Assert.True(sim.RunUntil(s => s.FindNode(1)!.State == NodeState.Failed, TimeSpan.FromMinutes(5)));
        var failed = (await sim.Provisioner.DescribeNodeAsync(1))!;
        Assert.Contains("unable to register with the controller quorum", failed.FailureReason, StringComparison.Ordinal);
        Assert.Contains("(100)", failed.FailureReason, StringComparison.Ordinal);
        Assert.Equal(NodeState.Running, sim.Node(2).State);
        Assert.Equal(NodeState.Running, sim.Node(3).State);
        Assert.DoesNotContain(sim.Snapshot().AllPartitions, p => p.Partition.Isr.Contains(1));
    }
}
