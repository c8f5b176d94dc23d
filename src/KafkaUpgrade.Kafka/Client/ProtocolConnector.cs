using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Connection;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Client;
using ProtocolSasl = KafkaUpgrade.Kafka.Protocol.Client.SaslMechanism;

namespace KafkaUpgrade.Kafka.Client;

/// <summary>Opens connections with our protocol library's <see cref="KafkaConnection"/> (TCP, TLS, SASL, ApiVersions).</summary>
public sealed class ProtocolConnector(KafkaClientOptions options) : IKafkaConnector
{
    private static readonly KafkaError SaslAuthenticationFailed = new(58, "SASL_AUTHENTICATION_FAILED");

    /// <inheritdoc />
    public async Task<IKafkaNodeConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = $"{host}:{port}";
        var connectionOptions = new KafkaConnectionOptions
        {
            Host = host,
            Port = port,
            ConnectTimeout = options.RequestTimeout < TimeSpan.FromSeconds(10) ? options.RequestTimeout : TimeSpan.FromSeconds(10),
            RequestTimeout = options.RequestTimeout,
            Tls = options.UsesTls ? new KafkaTlsOptions { CaFile = options.CaFile, ClientCertificateFile = options.ClientCertificateFile, ClientKeyFile = options.ClientKeyFile, TargetHost = options.TlsHostOverride } : null,
            Sasl = options.UsesSasl ? new KafkaSaslOptions(Map(options.Mechanism), options.Username!, options.Password!) : null,
        };
        try
        {
            return new Adapter(await KafkaConnection.ConnectAsync(connectionOptions, cancellationToken).ConfigureAwait(false));
        }
        catch (KafkaConnectionException ex)
        {
            throw new KafkaConnectException(endpoint, ex.Message, retriable: true, ex);
        }
        catch (KafkaAuthenticationException ex)
        {
            // Wrong credentials or an untrusted certificate: no retry fixes that.
            var inner = options.UsesSasl && !ex.Message.Contains("TLS", StringComparison.OrdinalIgnoreCase)
                ? new KafkaApiException(SaslAuthenticationFailed, ex.Message)
                : null;
            throw new KafkaConnectException(endpoint, $"authentication failed ({options.Protocol}{(options.UsesSasl ? $" {options.Mechanism} as {options.Username}" : string.Empty)}): {ex.Message}", retriable: false, (Exception?)inner ?? ex);
        }
    }

    private static ProtocolSasl Map(Connection.SaslMechanism mechanism) => mechanism switch
    {
        Connection.SaslMechanism.ScramSha256 => ProtocolSasl.ScramSha256,
        Connection.SaslMechanism.ScramSha512 => ProtocolSasl.ScramSha512,
        _ => ProtocolSasl.Plain,
    };

    private sealed class Adapter(KafkaConnection connection) : IKafkaNodeConnection
    {
        public string Endpoint => connection.Endpoint;

        public KafkaStruct ApiVersions => connection.ApiVersionsResponse;

        public bool IsConnected => connection.IsConnected;

        public ApiVersionRange? PeerVersions(ApiKey api) => connection.BrokerRange(api);

        public async Task<KafkaStruct> SendAsync(ApiKey api, short version, KafkaStruct request, CancellationToken cancellationToken)
        {
            try
            {
                return await connection.SendAsync(api, version, request, null, cancellationToken).ConfigureAwait(false);
            }
            catch (KafkaConnectionException ex)
            {
                throw new KafkaConnectException(Endpoint, ex.Message, retriable: true, ex);
            }
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
