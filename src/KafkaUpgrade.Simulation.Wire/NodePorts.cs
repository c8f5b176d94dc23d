using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.Wire.Network;
using KafkaUpgrade.Simulation.Wire.Versions;
using Microsoft.Extensions.Logging;

namespace KafkaUpgrade.Simulation.Wire;

/// <summary>
/// The Kafka listeners of every simulated node, kept in step with the nodes: a broker listener for nodes with the
/// broker role, a controller listener for KRaft controllers, each open exactly while its node's process is up and
/// reachable. Ports are given out once (consecutive from the base port, or by the OS) and kept across restarts.
/// </summary>
internal sealed class NodePorts(WireFrontOptions options, Func<int, bool, IRequestDispatcher> dispatchers, ILogger logger) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(int NodeId, bool Controller), NodeListener> _listeners = [];
    private int _nextPort = options.BasePort;

    /// <summary>Every listener, by node id, broker listener first.</summary>
    public IReadOnlyList<NodeEndpoint> Endpoints(IReadOnlyList<NodeStatus> nodes)
    {
        var zooKeeperBrokers = nodes.Where(n => n.Info.Config.IsZooKeeperBroker).Select(n => n.Info.NodeId).ToHashSet();
        lock (_gate)
        {
            return [.. _listeners.OrderBy(kv => kv.Key.NodeId).ThenBy(kv => kv.Key.Controller).Select(kv => new NodeEndpoint(
                kv.Key.NodeId,
                kv.Key.Controller ? ListenerKind.Controller : zooKeeperBrokers.Contains(kv.Key.NodeId) ? ListenerKind.ZkBroker : ListenerKind.Broker,
                "127.0.0.1",
                kv.Value.Port,
                kv.Value.IsOpen))];
        }
    }

    /// <summary>The broker (or controller) port of a node, or null if it never had that role.</summary>
    public int? Port(int nodeId, bool controller)
    {
        lock (_gate)
        {
            return _listeners.TryGetValue((nodeId, controller), out var l) ? l.Port : null;
        }
    }

    /// <summary>Opens and closes listeners to match the nodes' states now.</summary>
    public async Task SyncAsync(IEnumerable<NodeStatus> nodes)
    {
        var toOpen = new List<NodeListener>();
        var toClose = new List<NodeListener>();
        lock (_gate)
        {
            foreach (var status in nodes)
            {
                var info = status.Info;
                var serving = status.Reachable && info.State is NodeState.Running or NodeState.ShuttingDown;
                foreach (var controller in new[] { false, true })
                {
                    var hasRole = controller ? info.Config.Roles.HasFlag(NodeRoles.Controller) : info.Config.Roles.HasFlag(NodeRoles.Broker);
                    if (info.State == NodeState.Decommissioned)
                    {
                        hasRole = false;
                    }

                    var key = (info.NodeId, controller);
                    if (!_listeners.TryGetValue(key, out var listener))
                    {
                        if (!hasRole)
                        {
                            continue;
                        }

                        listener = new NodeListener(NextPort(), dispatchers(info.NodeId, controller), options.MaxRequestBytes, logger);
                        _listeners[key] = listener;
                    }

                    (hasRole && serving ? toOpen : toClose).Add(listener);
                }
            }
        }

        foreach (var listener in toClose)
        {
            await listener.CloseAsync().ConfigureAwait(false);
        }

        foreach (var listener in toOpen)
        {
            listener.Open();
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<NodeListener> all;
        lock (_gate)
        {
            all = [.. _listeners.Values];
        }

        foreach (var listener in all)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }
    }

    private int NextPort()
    {
        if (options.BasePort != 0)
        {
            return _nextPort++;
        }

        // Fix the port now, even for a node that is not running yet: it is advertised before it first opens.
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
