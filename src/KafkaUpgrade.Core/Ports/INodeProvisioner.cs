namespace KafkaUpgrade.Core.Ports;

/// <summary>
/// What infrastructure automation can do to nodes. Calls start an action and return; the node's
/// <see cref="NodeInfo.State"/> shows when it finished (provisioning and starts take time, and may fail), so the
/// orchestrator polls <see cref="DescribeNodeAsync"/>. Every call is idempotent: provisioning node 7 twice yields
/// one node 7, stopping a stopped node does nothing.
/// </summary>
public interface INodeProvisioner
{
    /// <summary>Creates and starts a node with this id and configuration; a second call with the same id and configuration returns the existing node.</summary>
    Task<NodeInfo> ProvisionAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default);

    /// <summary>Controlled shutdown: leadership moves away, then the process stops; the log stays on disk.</summary>
    Task StopAsync(int nodeId, CancellationToken cancellationToken = default);

    /// <summary>Starts a stopped node with its current configuration.</summary>
    Task StartAsync(int nodeId, CancellationToken cancellationToken = default);

    /// <summary>Stops the node if running, applies <paramref name="config"/> (new version, roles, migration flags), starts it.</summary>
    Task RestartAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default);

    /// <summary>Stops the node and destroys it with its disks.</summary>
    Task DecommissionAsync(int nodeId, CancellationToken cancellationToken = default);

    /// <summary>The node's state and configuration, or null if it never existed.</summary>
    Task<NodeInfo?> DescribeNodeAsync(int nodeId, CancellationToken cancellationToken = default);
}
