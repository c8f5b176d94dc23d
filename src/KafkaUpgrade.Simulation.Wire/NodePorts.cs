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
/// Beside them, the controller bootstrap address: one port in front of every KRaft controller listener.
/// </summary>
internal sealed class NodePorts : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(int NodeId, bool Controller), NodeListener> _listeners = [];
    private readonly WireFrontOptions _options;
    private readonly Func<int, bool, IRequestDispatcher> _dispatchers;
    private readonly ILogger _logger;
    private readonly NodeListener _controllerBootstrap;
    private readonly NodeListener _brokerBootstrap;
    private readonly Dictionary<(int NodeId, bool Controller), NodeConfig> _servedConfigs = [];
    private readonly Dictionary<bool, int> _lastHandedTo = new() { [false] = int.MinValue, [true] = int.MinValue };
    private int _nextPort;

    public NodePorts(WireFrontOptions options, Func<int, bool, IRequestDispatcher> dispatchers, ILogger logger)
    {
        _options = options;
        _dispatchers = dispatchers;
        _logger = logger;
        _nextPort = options.BasePort;
        _controllerBootstrap = new NodeListener(options.ControllerBootstrapPort, socket => HandToNext(socket, controller: true), logger);
        _brokerBootstrap = new NodeListener(options.BrokerBootstrapPort, socket => HandToNext(socket, controller: false), logger);
    }

    /// <summary>The controller bootstrap address's port (known once <see cref="OpenControllerBootstrap"/> ran).</summary>
    public int ControllerBootstrapPort => _controllerBootstrap.Port;

    /// <summary>The broker bootstrap address's port (known once <see cref="OpenControllerBootstrap"/> ran).</summary>
    public int BrokerBootstrapPort => _brokerBootstrap.Port;

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

                        listener = new NodeListener(NextPort(), _dispatchers(info.NodeId, controller), _options.MaxRequestBytes, _logger);
                        _listeners[key] = listener;
                    }

                    // A node restarted with another configuration (a binary swap, new roles) between two syncs is a new
                    // process: its connections go, as a restart drops them, or clients would keep the old
                    // process's ApiVersions.
                    var open = hasRole && serving;
                    if (open && listener.IsOpen && _servedConfigs.TryGetValue(key, out var served) && !served.Equals(info.Config))
                    {
                        toClose.Add(listener);
                    }

                    if (open)
                    {
                        _servedConfigs[key] = info.Config;
                    }

                    (open ? toOpen : toClose).Add(listener);
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

    /// <summary>Opens the controller and broker bootstrap addresses: they stay open for the life of the front, nodes or not.</summary>
    public void OpenControllerBootstrap()
    {
        _controllerBootstrap.Open();
        _brokerBootstrap.Open();
    }

    /// <summary>Connections a node's listener serves now (its own and those the controller bootstrap address gave it).</summary>
    public int ConnectionCount(int nodeId, bool controller)
    {
        lock (_gate)
        {
            return _listeners.TryGetValue((nodeId, controller), out var l) ? l.ConnectionCount : 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // First, so no connection is handed to a controller listener while they close.
        await _controllerBootstrap.DisposeAsync().ConfigureAwait(false);
        await _brokerBootstrap.DisposeAsync().ConfigureAwait(false);
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

    /// <summary>
    /// The controller bootstrap address's choice for a new connection: the next open KRaft controller listener after
    /// the one chosen last, by node id and wrapping around, as DNS round robin hands out a name's A records in turn
    /// (KIP-853 recommends one name covering every controller for <c>controller.quorum.bootstrap.servers</c> and
    /// <c>--bootstrap-controller</c>). The connection is that controller's for its whole life; none open: false.
    /// </summary>
    // Round robin over the open listeners of one kind (controller or broker) by node id.
    private bool HandToNext(System.Net.Sockets.Socket socket, bool controller)
    {
        lock (_gate)
        {
            var open = _listeners.Where(kv => kv.Key.Controller == controller && kv.Value.IsOpen).OrderBy(kv => kv.Key.NodeId).ToList();
            var next = open.FindIndex(kv => kv.Key.NodeId > _lastHandedTo[controller]);
            for (var i = 0; i < open.Count; i++)
            {
                var (key, listener) = open[((next < 0 ? 0 : next) + i) % open.Count];

                // A listener that closed since the check refuses the hand-off: the next one is tried.
                if (listener.TryAdopt(socket))
                {
                    _lastHandedTo[controller] = key.NodeId;
                    return true;
                }
            }

            return false;
        }
    }

    // 0 with no base port: the listener has the OS pick one and keeps it bound from then on, running or not.
    private int NextPort() => _options.BasePort != 0 ? _nextPort++ : 0;
}
