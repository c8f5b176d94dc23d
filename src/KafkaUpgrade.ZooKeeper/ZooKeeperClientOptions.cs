namespace KafkaUpgrade.ZooKeeper;

/// <summary>Session and connection settings.</summary>
public sealed record ZooKeeperClientOptions
{
    /// <summary>Requested session timeout; the server clamps it to [2, 20] x its tickTime. Default 18 s, Kafka's <c>zookeeper.session.timeout.ms</c>.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(18);

    /// <summary>Time allowed for the TCP connect and the handshake with one server. Default 10 s (Kafka's <c>zookeeper.connection.timeout.ms</c> defaults to the session timeout).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest reply accepted; larger length prefixes drop the connection instead of being allocated. Default 1 MiB + 64 KiB: ZooKeeper's <c>jute.maxbuffer</c> (0xfffff) plus headers.</summary>
    public int MaxFrameBytes { get; init; } = 0xfffff + 64 * 1024;

    /// <summary>How long <see cref="ZooKeeperClient.DisposeAsync"/> waits for the closeSession reply.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Send pings when idle (always on outside tests: without them the server expires the session).</summary>
    internal bool KeepAlive { get; init; } = true;
}
