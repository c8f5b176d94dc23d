namespace KafkaUpgrade.Kafka.Connection;

/// <summary>How the adapter authenticates (Kafka's <c>security.protocol</c>).</summary>
public enum SecurityProtocol
{
    /// <summary>No TLS, no SASL.</summary>
    Plaintext,

    /// <summary>TLS, optionally with a client certificate (mutual TLS).</summary>
    Ssl,

    /// <summary>SASL without TLS.</summary>
    SaslPlaintext,

    /// <summary>SASL over TLS.</summary>
    SaslSsl,
}

/// <summary>Kafka's <c>sasl.mechanism</c> values the adapter speaks.</summary>
public enum SaslMechanism
{
    /// <summary>PLAIN (RFC 4616).</summary>
    Plain,

    /// <summary>SCRAM-SHA-256 (RFC 5802, KIP-84).</summary>
    ScramSha256,

    /// <summary>SCRAM-SHA-512.</summary>
    ScramSha512,
}

/// <summary>
/// Where the adapter connects and how: resolved once from the worker's configuration, environment or the files it
/// names (see <see cref="CommandConfig"/>), never from workflow inputs. The password is only in memory;
/// <see cref="ToString"/> never shows it.
/// </summary>
public sealed record KafkaClientOptions
{
    /// <summary>Broker listeners, <c>host:port</c>.</summary>
    public required IReadOnlyList<string> BootstrapServers { get; init; }

    /// <summary>Controller listeners (<c>--bootstrap-controller</c>, KIP-919), for controller-only calls; empty when none.</summary>
    public IReadOnlyList<string> BootstrapControllers { get; init; } = [];

    /// <summary><c>security.protocol</c>.</summary>
    public SecurityProtocol Protocol { get; init; } = SecurityProtocol.Plaintext;

    /// <summary><c>sasl.mechanism</c> when <see cref="Protocol"/> uses SASL.</summary>
    public SaslMechanism Mechanism { get; init; } = SaslMechanism.Plain;

    /// <summary>SASL user name.</summary>
    public string? Username { get; init; }

    /// <summary>SASL password (resolved secret).</summary>
    public string? Password { get; init; }

    /// <summary>PEM file of the CA(s) that sign the brokers' certificates; null to use the system's trust store.</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM client certificate (mutual TLS), or null.</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>PEM private key of the client certificate (may be the same file as the certificate), or null.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>TLS host name to check the brokers' certificates against, when it is not the host connected to.</summary>
    public string? TlsHostOverride { get; init; }

    /// <summary>How long one request may take (Kafka's <c>request.timeout.ms</c>, 30 s by default).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts of a call that fails with a retriable Kafka error or a timeout, before the error is surfaced.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Pause between attempts (Kafka's <c>retry.backoff.ms</c>, 100 ms), doubled each time up to 1 s.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>True when <see cref="Protocol"/> uses TLS.</summary>
    public bool UsesTls => Protocol is SecurityProtocol.Ssl or SecurityProtocol.SaslSsl;

    /// <summary>True when <see cref="Protocol"/> uses SASL.</summary>
    public bool UsesSasl => Protocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent setting.</summary>
    public void Validate()
    {
        if (BootstrapServers.Count == 0 && BootstrapControllers.Count == 0)
        {
            throw new ArgumentException("bootstrap servers: none given (host:port[,host:port])");
        }

        foreach (var endpoint in BootstrapServers.Concat(BootstrapControllers))
        {
            _ = ParseEndpoint(endpoint);
        }

        if (UsesSasl && (string.IsNullOrEmpty(Username) || Password is null))
        {
            throw new ArgumentException($"security protocol {Protocol} needs a SASL user name and password");
        }

        foreach (var (name, file) in new[] { ("CA file", CaFile), ("client certificate", ClientCertificateFile), ("client key", ClientKeyFile) })
        {
            if (file is not null && !File.Exists(file))
            {
                throw new ArgumentException($"{name} '{file}' does not exist");
            }
        }

        if (ClientKeyFile is not null && ClientCertificateFile is null)
        {
            throw new ArgumentException("client key given without a client certificate");
        }
    }

    /// <summary>Splits <c>host:port</c> (IPv6 in brackets); throws naming the bad endpoint.</summary>
    public static (string Host, int Port) ParseEndpoint(string endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"'{endpoint}' is not host:port");
        }

        return (endpoint[..colon].Trim('[', ']'), port);
    }

    /// <summary>Everything but the password.</summary>
    public override string ToString() =>
        $"bootstrap {string.Join(",", BootstrapServers)}{(BootstrapControllers.Count > 0 ? $", controllers {string.Join(",", BootstrapControllers)}" : string.Empty)}, {Protocol}{(UsesSasl ? $" {Mechanism} as {Username}" : string.Empty)}";
}
