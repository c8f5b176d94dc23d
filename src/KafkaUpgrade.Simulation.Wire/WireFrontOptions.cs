namespace KafkaUpgrade.Simulation.Wire;

/// <summary>How the front serves a simulated cluster.</summary>
public sealed record WireFrontOptions
{
    /// <summary>
    /// First Kafka port: node listeners get consecutive ports from here, in node id order (a broker listener, then a
    /// controller listener for nodes with that role), new nodes after them. 0: the OS picks free ports. A node keeps
    /// its ports for the life of the process.
    /// </summary>
    public int BasePort { get; init; }

    /// <summary>
    /// Port of the controller bootstrap address (0: any free port): one address in front of every KRaft controller,
    /// as the DNS name or VIP an operator gives <c>--bootstrap-controller</c> before the controllers exist. Each
    /// connection is served by one running controller, picked in turn; with none running it is closed at once.
    /// </summary>
    public int ControllerBootstrapPort { get; init; }

    /// <summary>
    /// Port of the broker bootstrap address (0: any free port): the same in front of every broker, as the DNS name
    /// a bootstrap list holds so that it survives node replacement (every broker it named is retired).
    /// </summary>
    public int BrokerBootstrapPort { get; init; }

    /// <summary>Port of the Prometheus metrics endpoint (0: any free port).</summary>
    public int MetricsPort { get; init; }

    /// <summary>Port of the control endpoint (0: any free port).</summary>
    public int ControlPort { get; init; }

    /// <summary>Kafka's <c>socket.request.max.bytes</c> (default 104857600): a larger frame closes the connection.</summary>
    public int MaxRequestBytes { get; init; } = 104_857_600;

    /// <summary>Simulated time per real time; 0 leaves the clock still (advance it through the control endpoint).</summary>
    public double Speed { get; init; } = 1;

    /// <summary>How often node ports follow the simulated nodes' states (opened when a node runs, closed when it stops).</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromMilliseconds(50);
}
