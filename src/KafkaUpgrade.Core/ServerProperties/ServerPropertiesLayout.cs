using System.Globalization;

namespace KafkaUpgrade.Core.ServerProperties;

/// <summary>
/// What the cluster's server.properties have in common and a <see cref="Ports.NodeConfig"/> does not say: the
/// operator's base templates, where ZooKeeper is and how controllers are reached. Comes from the worker's
/// configuration (the cluster binding), never from a workflow input.
/// </summary>
/// <param name="BrokerTemplate">The operator's server.properties for brokers (listeners, log.dirs, security, ...), Java properties text.</param>
/// <param name="ControllerTemplate">The operator's server.properties for KRaft controller-only nodes (listeners=CONTROLLER://:9093, metadata log dir, ...); null to use <paramref name="BrokerTemplate"/>.</param>
/// <param name="ZooKeeperConnect"><c>zookeeper.connect</c> (with its chroot), needed by ZooKeeper-mode brokers and by controllers while they migrate.</param>
/// <param name="ControllerAddressTemplate">How to reach controller N on its controller listener for <c>controller.quorum.voters</c>: <c>host:port</c> with <c>{id}</c> for the node id, e.g. <c>kafka-ctl-{id}.example.com:9093</c>.</param>
/// <param name="ControllerBootstrapServers"><c>controller.quorum.bootstrap.servers</c> for a dynamic (KIP-853) quorum: controllers that stay reachable while voters change (a DNS name or a list).</param>
/// <param name="ControllerListenerName"><c>controller.listener.names</c>; default <c>CONTROLLER</c>.</param>
/// <param name="ControllerListenerSecurityProtocol">Security protocol of the controller listener, added to <c>listener.security.protocol.map</c> when the template's map lacks it; default <c>PLAINTEXT</c>.</param>
public sealed record ServerPropertiesLayout(
    string BrokerTemplate,
    string? ControllerTemplate = null,
    string? ZooKeeperConnect = null,
    string? ControllerAddressTemplate = null,
    string? ControllerBootstrapServers = null,
    string ControllerListenerName = "CONTROLLER",
    string ControllerListenerSecurityProtocol = "PLAINTEXT")
{
    /// <summary>The voter string <c>id@host:port,...</c> for <paramref name="voters"/>.</summary>
    public string Voters(IEnumerable<int> voters, int forNode)
    {
        ArgumentNullException.ThrowIfNull(voters);
        if (string.IsNullOrWhiteSpace(ControllerAddressTemplate))
        {
            throw new ServerPropertiesException(forNode, "controller.quorum.voters is needed (static quorum) but the layout has no controller address template (e.g. kafka-ctl-{id}.example.com:9093)");
        }

        return string.Join(",", voters.Select(id => $"{id.ToString(CultureInfo.InvariantCulture)}@{Address(id)}"));
    }

    /// <summary>The <c>controller.quorum.bootstrap.servers</c> list <c>host:port,...</c> naming <paramref name="controllers"/> one by one.</summary>
    public string BootstrapServers(IEnumerable<int> controllers, int forNode)
    {
        ArgumentNullException.ThrowIfNull(controllers);
        if (string.IsNullOrWhiteSpace(ControllerAddressTemplate))
        {
            throw new ServerPropertiesException(forNode, "controller.quorum.bootstrap.servers names controllers one by one but the layout has no controller address template (e.g. kafka-ctl-{id}.example.com:9093)");
        }

        return string.Join(",", controllers.Select(Address));
    }

    private string Address(int id) => ControllerAddressTemplate!.Replace("{id}", id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
}

/// <summary>A node's server.properties cannot be rendered (the layout lacks something this step needs); nothing was written.</summary>
public sealed class ServerPropertiesException : Exception
{
    /// <summary>Creates the exception for <paramref name="nodeId"/>.</summary>
    public ServerPropertiesException(int nodeId, string message)
        : base($"server.properties for node {nodeId.ToString(CultureInfo.InvariantCulture)}: {message}")
    {
        NodeId = nodeId;
    }

    /// <summary>The node concerned.</summary>
    public int NodeId { get; }
}
