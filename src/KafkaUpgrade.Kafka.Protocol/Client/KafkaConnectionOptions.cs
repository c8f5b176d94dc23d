namespace KafkaUpgrade.Kafka.Protocol.Client;

/// <summary>How to reach and authenticate to one Kafka node.</summary>
public sealed class KafkaConnectionOptions
{
    /// <summary>The node's host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>The node's port.</summary>
    public required int Port { get; init; }

    /// <summary>The client id sent in every request header.</summary>
    public string? ClientId { get; init; } = "kafka-upgrade";

    /// <summary>The software name sent in ApiVersions v3+ (KIP-511).</summary>
    public string ClientSoftwareName { get; init; } = "kafka-upgrade";

    /// <summary>The software version sent in ApiVersions v3+ (KIP-511).</summary>
    public string ClientSoftwareVersion { get; init; } = "1.0.0";

    /// <summary>How long the TCP connect, TLS handshake, ApiVersions and SASL may take together.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The default per-request timeout (Kafka's <c>request.timeout.ms</c> default is 30 s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest response frame accepted.</summary>
    public int MaxFrameSize { get; init; } = KafkaFrame.DefaultMaxFrameSize;

    /// <summary>TLS settings; null for a plaintext listener.</summary>
    public KafkaTlsOptions? Tls { get; init; }

    /// <summary>SASL settings; null for no authentication.</summary>
    public KafkaSaslOptions? Sasl { get; init; }

    /// <summary>"host:port", for messages.</summary>
    public string Endpoint => $"{Host}:{Port}";
}

/// <summary>TLS for a connection (Kafka's SSL / SASL_SSL listeners).</summary>
public sealed class KafkaTlsOptions
{
    /// <summary>A PEM file of CA certificates to trust instead of the system store; null to use the system store.</summary>
    public string? CaFile { get; init; }

    /// <summary>A client certificate: a PEM certificate file (with <see cref="ClientKeyFile"/>) or a PKCS#12 file.</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>The PEM private key of <see cref="ClientCertificateFile"/>; null when the certificate file is PKCS#12
    /// or holds the key itself.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>The password of a PKCS#12 client certificate or of an encrypted PEM key.</summary>
    public string? ClientCertificatePassword { get; init; }

    /// <summary>The name the server certificate must carry; defaults to the connection's host
    /// (Kafka's <c>ssl.endpoint.identification.algorithm=https</c>).</summary>
    public string? TargetHost { get; init; }

    /// <summary>Skips the host-name check (Kafka's empty <c>ssl.endpoint.identification.algorithm</c>). The chain is
    /// still verified.</summary>
    public bool SkipHostnameVerification { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"KafkaTlsOptions {{ CaFile = {CaFile}, ClientCertificateFile = {ClientCertificateFile}, TargetHost = {TargetHost} }}";
}

/// <summary>The SASL mechanisms we implement.</summary>
public enum SaslMechanism
{
    /// <summary>PLAIN (RFC 4616).</summary>
    Plain,

    /// <summary>SCRAM-SHA-256 (RFC 5802, RFC 7677).</summary>
    ScramSha256,

    /// <summary>SCRAM-SHA-512 (RFC 5802).</summary>
    ScramSha512,
}

/// <summary>SASL credentials. <see cref="ToString"/> never shows the password.</summary>
/// <param name="mechanism">The mechanism.</param>
/// <param name="username">The user name.</param>
/// <param name="password">The password; never logged or put in an exception message.</param>
public sealed class KafkaSaslOptions(SaslMechanism mechanism, string username, string password)
{
    /// <summary>The mechanism.</summary>
    public SaslMechanism Mechanism { get; } = mechanism;

    /// <summary>The user name.</summary>
    public string Username { get; } = username;

    internal string Password { get; } = password;

    /// <summary>Kafka's name for the mechanism, as sent in SaslHandshake.</summary>
    public string MechanismName => Mechanism switch
    {
        SaslMechanism.Plain => "PLAIN",
        SaslMechanism.ScramSha256 => "SCRAM-SHA-256",
        SaslMechanism.ScramSha512 => "SCRAM-SHA-512",
        _ => throw new InvalidOperationException($"unknown mechanism {Mechanism}"),
    };

    /// <inheritdoc />
    public override string ToString() => $"KafkaSaslOptions {{ Mechanism = {MechanismName}, Username = {Username} }}";
}
