using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace KafkaUpgrade.Activities.Tests;

/// <summary>Issue 12: errors classified as Kafka does, only our moves cancelled, leftovers found, waits that end on their own terms.</summary>
public class SafetyActivitiesTests
{
    private readonly ActivityFixture _fixture = new();
    private readonly ActivityEnvironment _env = new();

    [Theory]
    [InlineData(5, "LEADER_NOT_AVAILABLE", false)]
    [InlineData(14, "COORDINATOR_LOAD_IN_PROGRESS", false)]
    [InlineData(13, "NETWORK_EXCEPTION", false)]
    [InlineData(7, "REQUEST_TIMED_OUT", false)]
    [InlineData(41, "NOT_CONTROLLER", false)]
    [InlineData(126, "DUPLICATE_VOTER", false)]
    [InlineData(127, "VOTER_NOT_FOUND", false)]
    [InlineData(39, "INVALID_REPLICA_ASSIGNMENT", true)]
    [InlineData(42, "INVALID_REQUEST", true)]
    public async Task Kafka_errors_are_retried_exactly_when_kafka_calls_them_retriable(short code, string name, bool nonRetryable)
    {
        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            ActivityFailures.Translate<int>(() => throw new KafkaApiException(new KafkaError(code, name), "injected")));

        Assert.Equal(name, failure.ErrorType);
        Assert.Equal(nonRetryable, failure.NonRetryable);
    }

    [Fact]
    public async Task Cancelling_our_moves_leaves_a_reassignment_someone_else_started()
    {
        var nodes = new NodeActivities(_fixture.Registry);
        var moves = new ReassignmentActivities(_fixture.Registry);
        await _env.RunAsync(() => nodes.ProvisionNodesAsync(new ProvisionNodesRequest("small", [new NodeToProvision(7, ActivityFixture.ZkBroker("3.9.0", "eu-west-1a"))])));
        _fixture.WaitRunning(7);
        await _env.RunAsync(() => moves.SetThrottleAsync(new ThrottleRequest("small", 1L << 20, [1, 7])));
        var started = await _env.RunAsync(() => moves.StartBatchAsync(new ReassignmentBatchRequest("small", [1], [7])));
        Assert.True(started.PartitionsSubmitted > 0);

        // Someone else moves a partition that our batch does not touch, between two old brokers.
        var state = _fixture.Simulator.Snapshot();
        var inFlight = state.InFlightReassignments.Select(r => r.Partition).ToHashSet();
        var foreign = state.AllPartitions.First(p => !inFlight.Contains(new TopicPartition(p.Topic.Name, p.Partition.Partition)) && !p.Partition.Replicas.Contains(1));
        var spare = state.Brokers.Select(b => b.Id).First(id => id != 7 && id != 1 && !foreign.Partition.Replicas.Contains(id));
        var target = foreign.Partition.Replicas.Take(foreign.Partition.Replicas.Count - 1).Append(spare).ToList();
        var partition = new TopicPartition(foreign.Topic.Name, foreign.Partition.Partition);
        await _fixture.Simulator.Admin.AlterPartitionReassignmentsAsync(new Dictionary<TopicPartition, IReadOnlyList<int>?> { [partition] = target });

        var cancelled = await _env.RunAsync(() => moves.CancelOwnMovesAsync(new CancelMovesRequest("small", [1], [7])));

        Assert.Equal(started.PartitionsSubmitted, cancelled);
        var after = _fixture.Simulator.Snapshot();
        var left = Assert.Single(after.InFlightReassignments);
        Assert.Equal(partition, left.Partition);
    }

    [Fact]
    public async Task Inspect_finds_the_throttle_the_moves_and_the_idle_broker_a_dead_run_left()
    {
        var nodes = new NodeActivities(_fixture.Registry);
        var moves = new ReassignmentActivities(_fixture.Registry);
        var repair = new RepairActivities(_fixture.Registry);
        Assert.Empty((await _env.RunAsync(() => repair.InspectAsync("small"))).Findings);

        await _env.RunAsync(() => nodes.ProvisionNodesAsync(new ProvisionNodesRequest("small", [new NodeToProvision(7, ActivityFixture.ZkBroker("3.9.0", "eu-west-1a"))])));
        _fixture.WaitRunning(7);
        var idle = await _env.RunAsync(() => repair.InspectAsync("small"));
        Assert.Equal([7], idle.IdleBrokers);
        Assert.Contains(idle.Findings, f => f.Contains("brokers 7 run but hold no replica", StringComparison.Ordinal));
        Assert.Contains(idle.Findings, f => f.Contains("different versions", StringComparison.Ordinal));

        await _env.RunAsync(() => moves.SetThrottleAsync(new ThrottleRequest("small", 1L << 20, [1, 7])));
        await _env.RunAsync(() => moves.StartBatchAsync(new ReassignmentBatchRequest("small", [1], [7])));
        var left = await _env.RunAsync(() => repair.InspectAsync("small"));
        Assert.Equal(1L << 20, left.ThrottleBytesPerSecond);
        Assert.True(left.MovesInFlight > 0);
        Assert.False(left.NothingToClear);
        Assert.Contains(left.Findings, f => f.StartsWith("a replication throttle of 1048576 B/s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wait_returns_at_once_when_allowed_and_with_the_first_refusal_when_the_workflow_shows_none()
    {
        var waits = new WaitActivities(_fixture.Registry);
        var healthy = await _env.RunAsync(() => waits.AwaitAsync(new WaitRequest("small", WaitKind.Health, 1, 60_000)));
        Assert.True(healthy.Allowed, healthy.Reason);

        _fixture.Simulator.CrashNode(2);
        var refused = await _env.RunAsync(() => waits.AwaitAsync(new WaitRequest("small", WaitKind.Health, 1, 60_000)));
        Assert.False(refused.Allowed);
        Assert.Contains("2", refused.Reason, StringComparison.Ordinal);

        // With that reason shown, the call waits (up to its longest wait) while nothing changes.
        var held = await _env.RunAsync(() => waits.AwaitAsync(new WaitRequest("small", WaitKind.Health, 1, 200, LastReason: refused.Reason)));
        Assert.Equal(refused.Reason, held.Reason);

        var mode = await _env.RunAsync(() => waits.AwaitAsync(new WaitRequest("small", WaitKind.MetadataMode, 1, 60_000, Modes: [MetadataMode.ZooKeeper])));
        Assert.True(mode.Allowed);
        var running = await _env.RunAsync(() => waits.AwaitAsync(new WaitRequest("small", WaitKind.NodesRunning, 1, 60_000, NodeIds: [1, 2])));
        Assert.False(running.Allowed);
        Assert.StartsWith("node 2 is ", running.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_call_reports_its_refusal_after_three_polls_however_short_the_interval()
    {
        // Counted in polls: a 1 ms interval is shorter than one evaluation, which a deadline in time would not see.
        var heartbeats = 0;
        var env = new ActivityEnvironment { Heartbeater = _ => Interlocked.Increment(ref heartbeats) };
        _fixture.Simulator.CrashNode(2);
        var waits = new WaitActivities(_fixture.Registry);
        var refused = await env.RunAsync(() => waits.AwaitAsync(new WaitRequest("small", WaitKind.Health, 1, 60_000)));
        Assert.False(refused.Allowed);

        // A heartbeat before each sleep, none after the last poll.
        Assert.Equal(WaitActivities.FirstCallPolls - 1, heartbeats);
    }
}
