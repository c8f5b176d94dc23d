using System.Collections.Concurrent;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>Records every call that changes a node, so a test can prove nothing was restarted.</summary>
internal sealed class RecordingProvisioner(INodeProvisioner inner) : INodeProvisioner
{
    public ConcurrentQueue<int> Provisioned { get; } = new();

    public ConcurrentQueue<string> Restarts { get; } = new();

    public ConcurrentQueue<int> Decommissioned { get; } = new();

    /// <summary>Every restart with the configuration it gave the node, in order.</summary>
    public ConcurrentQueue<(int NodeId, NodeConfig Config)> RestartConfigs { get; } = new();

    public Task<NodeInfo> ProvisionAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default)
    {
        Provisioned.Enqueue(nodeId);
        return inner.ProvisionAsync(nodeId, config, cancellationToken);
    }

    public Task StopAsync(int nodeId, CancellationToken cancellationToken = default)
    {
        Restarts.Enqueue($"stop {nodeId}");
        return inner.StopAsync(nodeId, cancellationToken);
    }

    public Task StartAsync(int nodeId, CancellationToken cancellationToken = default)
    {
        Restarts.Enqueue($"start {nodeId}");
        return inner.StartAsync(nodeId, cancellationToken);
    }

    public Task RestartAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default)
    {
        Restarts.Enqueue($"restart {nodeId}");
        RestartConfigs.Enqueue((nodeId, config));
        return inner.RestartAsync(nodeId, config, cancellationToken);
    }

    public Task DecommissionAsync(int nodeId, CancellationToken cancellationToken = default)
    {
        Decommissioned.Enqueue(nodeId);
        return inner.DecommissionAsync(nodeId, cancellationToken);
    }

    public Task<NodeInfo?> DescribeNodeAsync(int nodeId, CancellationToken cancellationToken = default) => inner.DescribeNodeAsync(nodeId, cancellationToken);
}
