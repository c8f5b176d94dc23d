using System.Collections.Concurrent;
using System.Text.Json;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation;
using KafkaUpgrade.Workflows.Contracts;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Xunit.Abstractions;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>
/// Issue 12, point 4: restart batches are safe as a whole. The sample's brokers 1 and 4 (rack eu-west-1a) share no
/// partition, so a roll with batch size 2 plans them as one batch; a client then creates a topic with replicas on
/// both before that batch comes.
/// </summary>
[Collection(TemporalCollection.Name)]
public class BatchSafetyTests(TemporalFixture temporal, ITestOutputHelper output)
{
    private const string Topic = "created-mid-roll";

    /// <summary>RF 3 with replicas on 1, 4 and 3 (3 restarts in the batch before {1,4}), each position led once.</summary>
    private static readonly IReadOnlyList<IReadOnlyList<int>> Assignment = [[1, 4, 3], [4, 3, 1], [3, 1, 4]];

    [Fact]
    public async Task A_topic_created_mid_roll_on_two_brokers_of_one_planned_batch_splits_the_batch_and_stays_writable()
    {
        MidRollProvisioner? provisioner = null;
        await using var harness = new UpgradeHarness(temporal.Client, wrapProvisioner: p => provisioner = new MidRollProvisioner(p));
        provisioner!.Simulator = harness.Simulator;
        var plan = Core.Planning.Restarts.RestartBatchPlanner.Plan(harness.Simulator.Snapshot(), 2);
        Assert.Contains(plan.Batches, b => b.NodeIds.Order().SequenceEqual([1, 4]));
        Assert.False(plan.Batches[0].NodeIds.Contains(1), "batch {1,4} must not be the first, the topic is created after the first batch starts");

        var input = new RollingUpgradeInput(harness.ClusterId, new NodeChange(Version: "3.9", PinInterBrokerProtocolIfUnset: "3.8-IV0"), [1, 2, 3, 4, 5, 6], RestartBatchSize: 2, Timing: E2E.Fast);
        var handle = await temporal.Client.StartWorkflowAsync(
            (RollingUpgradeWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions($"batch-safety-{harness.ClusterId}", harness.TaskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(3) });
        var result = await handle.GetResultAsync();
        output.WriteLine(result.Summary);
        output.WriteLine(string.Join("; ", provisioner.Log));

        // The roll completed, every broker restarted exactly once, on the new version, running.
        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        Assert.True(provisioner.Created, "the topic was created mid-roll");
        Assert.Equal([1, 2, 3, 4, 5, 6], provisioner.Restarted.Order());
        var state = harness.Simulator.Snapshot();
        Assert.All(state.Brokers, b => Assert.Equal(KafkaVersion.Parse("3.9"), b.Version.Line));
        Assert.All(state.Brokers, b => Assert.Equal(NodeState.Running, b.State));

        // 1 and 4 were never down together: whenever one of them was stopped the other ran and was in the new
        // topic's every ISR. The re-planned roll put them in different batches, so neither restart had to be
        // refused by the stop gate and retried: one RestartNode call per broker.
        Assert.Empty(provisioner.Overlaps);
        var history = await handle.FetchHistoryAsync();
        var restartCalls = history.Events
            .Where(e => e.EventType == EventType.ActivityTaskScheduled && e.ActivityTaskScheduledEventAttributes.ActivityType.Name == "RestartNode")
            .Select(e => JsonDocument.Parse(e.ActivityTaskScheduledEventAttributes.Input.Payloads_[0].Data.ToStringUtf8()).RootElement.GetProperty("NodeId").GetInt32())
            .ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6], restartCalls.Order());

        // The cluster: no stop took a partition below min.insync.replicas, the new topic never refused an acks=all
        // write (NOT_ENOUGH_REPLICAS or no leader), it took writes, nothing acknowledged was lost.
        var stats = harness.Simulator.Statistics;
        Assert.Equal(0, stats.MinIsrViolations);
        Assert.DoesNotContain(stats.UnwritableMsByPartition.Keys, k => k.StartsWith(Topic, StringComparison.Ordinal));
        Assert.All(state.Topics.Single(t => t.Name == Topic).Partitions, p =>
        {
            Assert.Equal(3, p.Isr.Count);
            Assert.True(p.SizeBytes > 0, $"{Topic}-{p.Partition} took no writes");
        });
        Assert.Equal(0, harness.Simulator.CountLostAckedWrites());
    }

    /// <summary>
    /// Creates the topic, as a client would, when the roll's first restart begins (after the plan, before batch
    /// {1,4}), and records every restart and whether 1 and 4 were ever stopped while the other was not fully back.
    /// </summary>
    private sealed class MidRollProvisioner(INodeProvisioner inner) : INodeProvisioner
    {
        private int _created;

        public KafkaSimulator Simulator { get; set; } = null!;

        public bool Created => _created == 1;

        public ConcurrentQueue<int> Restarted { get; } = new();

        public ConcurrentQueue<string> Overlaps { get; } = new();

        public ConcurrentQueue<string> Log { get; } = new();

        public Task RestartAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _created, 1) == 0)
            {
                Simulator.CreateTopic(Topic, 2, Assignment);
                Log.Enqueue($"created {Topic} before restarting {nodeId}");
            }

            if (nodeId is 1 or 4)
            {
                var other = nodeId == 1 ? 4 : 1;
                var state = Simulator.Snapshot();
                var inSync = state.Topics.Single(t => t.Name == Topic).Partitions.All(p => p.Isr.Contains(other));
                if (state.FindNode(other)!.State != NodeState.Running || !inSync)
                {
                    Overlaps.Enqueue($"restart {nodeId} while {other} was {state.FindNode(other)!.State}, in every ISR: {inSync}");
                }
            }

            Restarted.Enqueue(nodeId);
            Log.Enqueue($"restart {nodeId} at {Simulator.Now}");
            return inner.RestartAsync(nodeId, config, cancellationToken);
        }

        public Task<NodeInfo> ProvisionAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default) => inner.ProvisionAsync(nodeId, config, cancellationToken);

        public Task StopAsync(int nodeId, CancellationToken cancellationToken = default) => inner.StopAsync(nodeId, cancellationToken);

        public Task StartAsync(int nodeId, CancellationToken cancellationToken = default) => inner.StartAsync(nodeId, cancellationToken);

        public Task DecommissionAsync(int nodeId, CancellationToken cancellationToken = default) => inner.DecommissionAsync(nodeId, cancellationToken);

        public Task<NodeInfo?> DescribeNodeAsync(int nodeId, CancellationToken cancellationToken = default) => inner.DescribeNodeAsync(nodeId, cancellationToken);
    }
}
