using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Admin;

namespace KafkaUpgrade.Kafka.Versions;

/// <summary>
/// The provisioner as the workflows see it for a real cluster: what infrastructure says it deployed, cross-checked
/// with what the node itself advertises (ApiVersions, <see cref="AdvertisedRelease"/>). A running node whose API
/// versions belong to another release is reported <see cref="NodeState.Failed"/> with the evidence as its
/// <see cref="NodeInfo.FailureReason"/>, so the workflow's wait for that node (after provision, start, restart)
/// holds and says why instead of carrying on with a node that is not what the plan assumes.
/// </summary>
public sealed class VersionCheckingProvisioner(INodeProvisioner inner, Func<int, CancellationToken, Task<(string Host, int Port, ListenerRole Role)?>> listenerOf, KafkaClusterAdmin admin) : INodeProvisioner
{
    /// <inheritdoc />
    public Task<NodeInfo> ProvisionAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default) => inner.ProvisionAsync(nodeId, config, cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(int nodeId, CancellationToken cancellationToken = default) => inner.StopAsync(nodeId, cancellationToken);

    /// <inheritdoc />
    public Task StartAsync(int nodeId, CancellationToken cancellationToken = default) => inner.StartAsync(nodeId, cancellationToken);

    /// <inheritdoc />
    public Task RestartAsync(int nodeId, NodeConfig config, CancellationToken cancellationToken = default) => inner.RestartAsync(nodeId, config, cancellationToken);

    /// <inheritdoc />
    public Task DecommissionAsync(int nodeId, CancellationToken cancellationToken = default) => inner.DecommissionAsync(nodeId, cancellationToken);

    /// <inheritdoc />
    public async Task<NodeInfo?> DescribeNodeAsync(int nodeId, CancellationToken cancellationToken = default)
    {
        var info = await inner.DescribeNodeAsync(nodeId, cancellationToken).ConfigureAwait(false);
        if (info is not { State: NodeState.Running } || await listenerOf(nodeId, cancellationToken).ConfigureAwait(false) is not { } listener)
        {
            return info;
        }

        try
        {
            var advertised = await admin.AdvertisedMaxVersionsAsync(nodeId, listener.Host, listener.Port, cancellationToken).ConfigureAwait(false);
            return AdvertisedRelease.Mismatch(info.Config.Version, advertised, listener.Role) is { } reason
                ? info with { State = NodeState.Failed, FailureReason = $"node {nodeId} {reason}" }
                : info;
        }
        catch (KafkaApiException)
        {
            // Not reachable yet: readiness is judged from the cluster elsewhere; nothing to cross-check now.
            return info;
        }
    }
}
