using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Core.Model;
using Temporalio.Testing;

namespace KafkaUpgrade.Activities.Tests;

public class ReassignmentActivitiesTests
{
    private readonly ActivityFixture _fixture = new();
    private readonly ActivityEnvironment _env = new();

    [Fact]
    public async Task A_batch_drains_its_brokers_submitting_twice_changes_nothing_and_the_node_can_then_go()
    {
        var nodes = new NodeActivities(_fixture.Registry);
        var moves = new ReassignmentActivities(_fixture.Registry);
        await _env.RunAsync(() => nodes.ProvisionNodesAsync(new ProvisionNodesRequest("small", [new NodeToProvision(7, ActivityFixture.ZkBroker("3.9.0", "eu-west-1a"))])));
        _fixture.WaitRunning(7);

        var throttled = await _env.RunAsync(() => moves.SetThrottleAsync(new ThrottleRequest("small", 500L << 20, [1, 7])));
        Assert.True(throttled > 0);
        var batch = new ReassignmentBatchRequest("small", [1], [7]);
        var first = await _env.RunAsync(() => moves.StartBatchAsync(batch));
        var second = await _env.RunAsync(() => moves.StartBatchAsync(batch));
        Assert.True(first.PartitionsSubmitted > 0);
        Assert.Empty(first.Refused);
        Assert.Equal(0, second.PartitionsSubmitted);
        Assert.Equal(first.PartitionsSubmitted, second.PartitionsAlreadyMoving);

        Assert.True(_fixture.Simulator.RunUntil(s => s.InFlightReassignments.Count == 0, TimeSpan.FromHours(3), TimeSpan.FromSeconds(10)));
        var progress = await _env.RunAsync(() => moves.GetDrainProgressAsync(new NodesRequest("small", [1])));
        Assert.True(progress.Drained);
        Assert.True(await _env.RunAsync(() => moves.ClearThrottleAsync("small")));
        Assert.Null(await _fixture.Simulator.Admin.DescribeReplicationThrottleAsync());

        // A throttle rate left on the broker (another tool's, or a clear that failed) goes before the broker does.
        _fixture.Simulator.SetThrottleRate(1, 1_000_000);
        var removal = await _env.RunAsync(() => nodes.DecommissionNodeAsync(new NodeRequest("small", 1)));
        Assert.True(removal.Allowed, removal.Reason);
        Assert.Null(_fixture.Simulator.ThrottleRate(1));
        Assert.True(_fixture.Simulator.RunUntil(s => s.FindNode(1)!.State == NodeState.Decommissioned, TimeSpan.FromMinutes(1)));
        Assert.Equal(0, _fixture.Simulator.Statistics.UnsafeRemovals);
    }
}
