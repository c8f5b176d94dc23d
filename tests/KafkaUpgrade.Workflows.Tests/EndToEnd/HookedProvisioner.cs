using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Workflows.Tests.EndToEnd;

/// <summary>The simulator's provisioner with a hook run before each call (method name, node id), so a test can change the cluster at the moment a step is reached.</summary>
internal sealed class HookedProvisioner(INodeProvisioner inner) : INodeProvisioner
{
    /// <summary>Runs before each call. Calls come from activities, possibly several at once: the hook serialises them.</summary>
    public Action<string, int>? OnCall { get; set; }

    private readonly Lock _gate = new();

    public Task<NodeInfo> ProvisionAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default) { Before(nameof(ProvisionAsync), nodeId); return inner.ProvisionAsync(nodeId, config, cancellationToken); }

    public Task StopAsync(int nodeId, CancellationToken cancellationToken = default) { Before(nameof(StopAsync), nodeId); return inner.StopAsync(nodeId, cancellationToken); }

    public Task StartAsync(int nodeId, CancellationToken cancellationToken = default) { Before(nameof(StartAsync), nodeId); return inner.StartAsync(nodeId, cancellationToken); }

    public Task RestartAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default) { Before(nameof(RestartAsync), nodeId); return inner.RestartAsync(nodeId, config, cancellationToken); }

    public Task DecommissionAsync(int nodeId, CancellationToken cancellationToken = default) { Before(nameof(DecommissionAsync), nodeId); return inner.DecommissionAsync(nodeId, cancellationToken); }

    public Task<NodeInfo?> DescribeNodeAsync(int nodeId, CancellationToken cancellationToken = default) { Before(nameof(DescribeNodeAsync), nodeId); return inner.DescribeNodeAsync(nodeId, cancellationToken); }

    private void Before(string call, int nodeId)
    {
        lock (_gate)
        {
            OnCall?.Invoke(call, nodeId);
        }
    }
}
