using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Core.Model;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace KafkaUpgrade.Activities.Tests;

public class NodeActivitiesTests
{
    private readonly ActivityFixture _fixture = new();
    private readonly ActivityEnvironment _env = new();

    private NodeActivities Activities => new(_fixture.Registry);

    [Fact]
    public async Task Provisioning_twice_after_a_crash_yields_one_node()
    {
        var request = new ProvisionNodesRequest("small", [new NodeToProvision(7, ActivityFixture.ZkBroker("3.9.0", "eu-west-1a"))]);
        var first = await _env.RunAsync(() => Activities.ProvisionNodesAsync(request));
        var second = await _env.RunAsync(() => Activities.ProvisionNodesAsync(request));
        Assert.Equal(first.Single().DirectoryId, second.Single().DirectoryId);
        Assert.Single(_fixture.Simulator.Snapshot().Nodes, n => n.Id == 7);
    }

    [Fact]
    public async Task An_unknown_cluster_is_retried_for_a_worker_that_serves_it_and_names_the_known_ones()
    {
        var ex = await Assert.ThrowsAsync<ApplicationFailureException>(() => _env.RunAsync(() => new ClusterActivities(_fixture.Registry).DescribeClusterAsync("prod")));
        Assert.False(ex.NonRetryable);
        Assert.Contains("Waiting for a worker that serves it", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ActivityFailures.UnknownCluster, ex.ErrorType);
        Assert.Contains("Unknown cluster 'prod'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("configured: small", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_is_refused_while_stopping_would_go_below_min_isr_and_is_a_no_op_when_already_done()
    {
        var sim = _fixture.Simulator;
        await sim.Provisioner.StopAsync(1);
        sim.Step(TimeSpan.FromSeconds(5));
        var node2 = sim.Snapshot().FindNode(2)!;
        var target = new Core.Ports.NodeConfig(KafkaVersion.Parse("3.9.0"), null, node2.Rack, "3.8-IV0", DiskCapacityBytes: node2.DiskCapacityBytes);

        var refused = await _env.RunAsync(() => Activities.RestartNodeAsync(new RestartNodeRequest("small", 2, target)));
        Assert.False(refused.Started);
        Assert.Contains("below min.insync.replicas", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(KafkaVersion.Parse("3.8.1"), sim.Snapshot().FindNode(2)!.Version);

        await sim.Provisioner.StartAsync(1);
        Assert.True(sim.RunUntil(s => s.AllPartitions.All(p => !p.Partition.IsUnderReplicated), TimeSpan.FromMinutes(5)));
        Assert.True((await _env.RunAsync(() => Activities.RestartNodeAsync(new RestartNodeRequest("small", 2, target)))).Started);
        _fixture.WaitRunning(2);
        var again = await _env.RunAsync(() => Activities.RestartNodeAsync(new RestartNodeRequest("small", 2, target)));
        Assert.Equal("already running this configuration", again.Reason);
    }

    [Fact]
    public async Task Decommission_refuses_a_node_that_holds_data()
    {
        var verdict = await _env.RunAsync(() => Activities.DecommissionNodeAsync(new NodeRequest("small", 3)));
        Assert.False(verdict.Allowed);
        Assert.Contains("still holds", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(NodeState.Running, _fixture.Simulator.Snapshot().FindNode(3)!.State);
        Assert.Equal(0, _fixture.Simulator.Statistics.UnsafeRemovals);
    }

    [Fact]
    public async Task A_cancelled_activity_changes_nothing()
    {
        _env.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _env.RunAsync(() => Activities.ProvisionNodesAsync(new ProvisionNodesRequest("small", [new NodeToProvision(9, ActivityFixture.ZkBroker("3.9.0", "eu-west-1a"))]))));
        Assert.DoesNotContain(_fixture.Simulator.Snapshot().Nodes, n => n.Id == 9);
    }
}
