using System.Collections.Concurrent;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation;
using KafkaUpgrade.Workflows.Contracts;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>
/// Issue 12, point 7: brokers whose server.properties leave <c>inter.broker.protocol.version</c> unset get the
/// protocol in force pinned in the configuration every ZooKeeper-mode software roll restarts or provisions them
/// with, so the protocol changes only in its own hop.
/// </summary>
[Collection(TemporalCollection.Name)]
public class InterBrokerProtocolPinTests(TemporalFixture temporal)
{
    [Theory]
    [InlineData(UpgradeStrategy.RollingUpgrade)]
    [InlineData(UpgradeStrategy.NodeReplacement)]
    public async Task A_software_roll_over_brokers_leaving_the_protocol_unset_pins_the_one_in_force_and_only_the_bump_raises_it(UpgradeStrategy strategy)
    {
        ConfigRecorder? recorder = null;
        await using var harness = new UpgradeHarness(temporal.Client, wrapProvisioner: p => recorder = new ConfigRecorder(p));
        var sim = harness.Simulator;
        await UnsetEverywhereAsync(sim);

        var handle = await harness.StartUpgradeAsync(new ClusterUpgradeInput(harness.ClusterId, "3.9", strategy, RestartBatchSize: 1, Timing: E2E.Fast, PreApproved: true, ThrottleBytesPerSecond: 500L << 20));
        var result = await handle.GetResultAsync();

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        var software = recorder!.Configs.Where(c => c.Config.Version.Line == new KafkaVersion(3, 9) && c.Config.InterBrokerProtocolVersion != "3.9-IV0").ToList();
        Assert.NotEmpty(software);
        Assert.All(software, c => Assert.Equal("3.8-IV0", c.Config.InterBrokerProtocolVersion));
        Assert.DoesNotContain(recorder.Configs, c => c.Config.Version.Line == new KafkaVersion(3, 9) && c.Config.InterBrokerProtocolVersion is null);
        Assert.Contains(recorder.Configs, c => c.Config.InterBrokerProtocolVersion == "3.9-IV0");

        var state = sim.Snapshot();
        Assert.Equal("3.9-IV0", state.Features.InterBrokerProtocolVersion);
        Assert.All(state.Brokers.Where(b => b.State != NodeState.Decommissioned), b => Assert.Equal("3.9-IV0", b.InterBrokerProtocolVersion));
        Assert.Equal(0, sim.Statistics.MinIsrViolations);
        Assert.Equal(0, sim.CountLostAckedWrites());
    }

    /// <summary>The sample as an operator runs it when server.properties never set the protocol: each broker restarted without it.</summary>
    private static async Task UnsetEverywhereAsync(KafkaSimulator sim)
    {
        foreach (var broker in sim.Snapshot().Brokers.Select(b => b.Id).ToList())
        {
            var config = (await sim.Provisioner.DescribeNodeAsync(broker))!.Config;
            await sim.Provisioner.RestartAsync(broker, config with { InterBrokerProtocolVersion = null });
            await E2E.UntilAsync(
                () => sim.Snapshot() is var s && s.Brokers.All(b => b.IsRunning) && s.AllPartitions.All(p => p.Partition.Isr.Count == p.Partition.Replicas.Count),
                $"broker {broker} back in every ISR",
                TimeSpan.FromSeconds(60));
        }

        Assert.All(sim.Snapshot().Brokers, b => Assert.Null(b.InterBrokerProtocolVersion));
        Assert.Equal("3.8-IV0", sim.Snapshot().Features.InterBrokerProtocolVersion);
    }

    private sealed class ConfigRecorder(INodeProvisioner inner) : INodeProvisioner
    {
        public ConcurrentQueue<(int NodeId, NodeConfig Config)> Configs { get; } = new();

        public Task<NodeInfo> ProvisionAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default)
        {
            Configs.Enqueue((nodeId, config));
            return inner.ProvisionAsync(nodeId, config, cancellationToken);
        }

        public Task RestartAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default)
        {
            Configs.Enqueue((nodeId, config));
            return inner.RestartAsync(nodeId, config, cancellationToken);
        }

        public Task StopAsync(int nodeId, CancellationToken cancellationToken = default) => inner.StopAsync(nodeId, cancellationToken);

        public Task StartAsync(int nodeId, CancellationToken cancellationToken = default) => inner.StartAsync(nodeId, cancellationToken);

        public Task DecommissionAsync(int nodeId, CancellationToken cancellationToken = default) => inner.DecommissionAsync(nodeId, cancellationToken);

        public Task<NodeInfo?> DescribeNodeAsync(int nodeId, CancellationToken cancellationToken = default) => inner.DescribeNodeAsync(nodeId, cancellationToken);
    }
}
