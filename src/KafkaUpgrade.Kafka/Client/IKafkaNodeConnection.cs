using KafkaUpgrade.Kafka.Protocol;

namespace KafkaUpgrade.Kafka.Client;

/// <summary>One open connection to one Kafka listener, after ApiVersions (and SASL) on connect.</summary>
public interface IKafkaNodeConnection : IAsyncDisposable
{
    /// <summary><c>host:port</c> connected to.</summary>
    string Endpoint { get; }

    /// <summary>False once the connection failed or the listener closed it (a restarted node): it is then opened anew.</summary>
    bool IsConnected { get; }

    /// <summary>The listener's ApiVersions answer (API ranges, supported and finalized features, ZkMigrationReady).</summary>
    KafkaStruct ApiVersions { get; }

    /// <summary>The version range the listener advertises for <paramref name="api"/>, or null when it does not serve it.</summary>
    ApiVersionRange? PeerVersions(ApiKey api);

    /// <summary>Sends <paramref name="request"/> at <paramref name="version"/> and returns the decoded answer.</summary>
    Task<KafkaStruct> SendAsync(ApiKey api, short version, KafkaStruct request, CancellationToken cancellationToken);
}

/// <summary>Opens connections (TCP, TLS, SASL as configured).</summary>
public interface IKafkaConnector
{
    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>; throws <see cref="KafkaConnectException"/> naming the endpoint when it cannot.</summary>
    Task<IKafkaNodeConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken);
}

/// <summary>A listener could not be reached, the TLS handshake or SASL authentication failed.</summary>
public sealed class KafkaConnectException(string endpoint, string reason, bool retriable, Exception? inner = null)
    : Exception($"{endpoint}: {reason}", inner)
{
    /// <summary><c>host:port</c>.</summary>
    public string Endpoint { get; } = endpoint;

    /// <summary>False for failures no retry fixes (wrong credentials, TLS trust).</summary>
    public bool Retriable { get; } = retriable;
}
