using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.Behaviour;

namespace KafkaUpgrade.Simulation.Adapters;

/// <summary>The provisioner port over the simulator: actions start at once and take simulated time to finish.</summary>
internal sealed class SimulatedNodeProvisioner(KafkaSimulator simulator) : INodeProvisioner
{
    public Task<NodeInfo> ProvisionAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(config);
        return Task.FromResult(simulator.Read(c => NodeLifecycle.Provision(c, nodeId, config).ToNodeInfo()));
    }

    public Task StopAsync(int nodeId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        simulator.Write(c => NodeLifecycle.Stop(c, KafkaSimulator.RequireNode(c, nodeId)));
        return Task.CompletedTask;
    }

    public Task StartAsync(int nodeId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        simulator.Write(c => NodeLifecycle.Start(c, KafkaSimulator.RequireNode(c, nodeId)));
        return Task.CompletedTask;
    }

    public Task RestartAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(config);
        simulator.Write(c => NodeLifecycle.Restart(c, KafkaSimulator.RequireNode(c, nodeId), config));
        return Task.CompletedTask;
    }

    public Task DecommissionAsync(int nodeId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        simulator.Write(c => NodeLifecycle.Decommission(c, KafkaSimulator.RequireNode(c, nodeId)));
        return Task.CompletedTask;
    }

    public Task<NodeInfo?> DescribeNodeAsync(int nodeId, CancellationToken cancellationToken = default) =>
        CancellableResult.From(() => simulator.Read(c => c.Node(nodeId)?.ToNodeInfo()), cancellationToken);
}
