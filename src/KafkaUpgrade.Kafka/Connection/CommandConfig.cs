using System.Text;
using System.Text.RegularExpressions;

namespace KafkaUpgrade.Kafka.Connection;

/// <summary>
/// Reads a Kafka client properties file, as Kafka's tools take with <c>--command-config</c> (Java properties:
/// <c>key=value</c> or <c>key: value</c>, <c>#</c>/<c>!</c> comments, <c>\</c> continuations): the keys that say how to
/// connect (<c>bootstrap.servers</c>, <c>security.protocol</c>, <c>sasl.mechanism</c>, <c>sasl.jaas.config</c> with
/// PlainLoginModule or ScramLoginModule, <c>ssl.truststore.location</c> with <c>ssl.truststore.type=PEM</c>,
/// <c>ssl.keystore.location</c> with <c>ssl.keystore.type=PEM</c>, and librdkafka's <c>ssl.ca.location</c>,
/// <c>ssl.certificate.location</c>, <c>ssl.key.location</c>, <c>sasl.username</c>, <c>sasl.password</c>). A key it
/// cannot honour (a JKS trust store) is an error naming it, never silently ignored.
/// </summary>
public static partial class CommandConfig
{
    /// <summary>Parses Java properties text.</summary>
    public static IReadOnlyDictionary<string, string> ParseProperties(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        var logical = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var trimmed = logical.Length == 0 ? line.TrimStart() : line.TrimStart();
            if (logical.Length == 0 && (trimmed.Length == 0 || trimmed[0] is '#' or '!'))
            {
                continue;
            }

            if (trimmed.EndsWith('\\') && !trimmed.EndsWith(@"\\", StringComparison.Ordinal))
            {
                logical.Append(trimmed[..^1]);
                continue;
            }

            logical.Append(trimmed);
            var entry = logical.ToString();
            logical.Clear();
            var separator = entry.IndexOfAny(['=', ':']);
            if (separator <= 0)
            {
                throw new FormatException($"properties line '{entry}' has no key=value");
            }

            properties[entry[..separator].Trim()] = entry[(separator + 1)..].Trim();
        }

        return properties;
    }

    /// <summary>The connection options a properties file describes, on top of <paramref name="bootstrap"/>.</summary>
    /// <param name="properties">Parsed properties.</param>
    /// <param name="bootstrap">Bootstrap servers given on the command line (win over <c>bootstrap.servers</c>).</param>
    /// <param name="controllers">Bootstrap controllers given on the command line.</param>
    /// <param name="baseDirectory">Folder relative file names are resolved against.</param>
    public static KafkaClientOptions ToOptions(IReadOnlyDictionary<string, string> properties, IReadOnlyList<string>? bootstrap, IReadOnlyList<string>? controllers, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(properties);
        string? Get(string key) => properties.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
        string? PathOf(string key) => Get(key) is { } p ? Path.GetFullPath(p, baseDirectory) : null;

        var protocol = Get("security.protocol")?.ToUpperInvariant() switch
        {
            null or "PLAINTEXT" => SecurityProtocol.Plaintext,
            "SSL" => SecurityProtocol.Ssl,
            "SASL_PLAINTEXT" => SecurityProtocol.SaslPlaintext,
            "SASL_SSL" => SecurityProtocol.SaslSsl,
            var other => throw new FormatException($"security.protocol '{other}' is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"),
        };
        var mechanism = ParseMechanism(Get("sasl.mechanism") ?? "PLAIN");
        string? user = Get("sasl.username");
        string? password = Get("sasl.password");
        if (Get("sasl.jaas.config") is { } jaas)
        {
            (user, password) = ParseJaas(jaas, mechanism);
        }

        string? caFile = PathOf("ssl.ca.location");
        if (Get("ssl.truststore.location") is not null)
        {
            var type = Get("ssl.truststore.type") ?? "JKS";
            caFile = string.Equals(type, "PEM", StringComparison.OrdinalIgnoreCase)
                ? PathOf("ssl.truststore.location")
                : throw new FormatException($"ssl.truststore.type '{type}' is not supported here: give the CA as PEM (ssl.truststore.type=PEM, or ssl.ca.location)");
        }

        string? certificate = PathOf("ssl.certificate.location");
        string? key = PathOf("ssl.key.location");
        if (Get("ssl.keystore.location") is not null)
        {
            var type = Get("ssl.keystore.type") ?? "JKS";
            certificate = string.Equals(type, "PEM", StringComparison.OrdinalIgnoreCase)
                ? PathOf("ssl.keystore.location")
                : throw new FormatException($"ssl.keystore.type '{type}' is not supported here: give the client certificate and key as PEM (ssl.keystore.type=PEM, or ssl.certificate.location and ssl.key.location)");
            key ??= certificate;
        }

        var servers = bootstrap is { Count: > 0 } ? bootstrap : Split(Get("bootstrap.servers"));
        var options = new KafkaClientOptions
        {
            BootstrapServers = servers,
            BootstrapControllers = controllers is { Count: > 0 } ? controllers : Split(Get("bootstrap.controllers")),
            Protocol = protocol,
            Mechanism = mechanism,
            Username = user,
            Password = password,
            CaFile = caFile,
            ClientCertificateFile = certificate,
            ClientKeyFile = key,
        };
        options.Validate();
        return options;
    }

    /// <summary>Reads and interprets a <c>--command-config</c> file.</summary>
    public static KafkaClientOptions Load(string path, IReadOnlyList<string>? bootstrap, IReadOnlyList<string>? controllers)
    {
        var full = Path.GetFullPath(path);
        return ToOptions(ParseProperties(File.ReadAllText(full)), bootstrap, controllers, Path.GetDirectoryName(full)!);
    }

    /// <summary>Kafka's mechanism names.</summary>
    public static SaslMechanism ParseMechanism(string name) => name.ToUpperInvariant() switch
    {
        "PLAIN" => SaslMechanism.Plain,
        "SCRAM-SHA-256" => SaslMechanism.ScramSha256,
        "SCRAM-SHA-512" => SaslMechanism.ScramSha512,
        _ => throw new FormatException($"sasl.mechanism '{name}' is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512"),
    };

    /// <summary>Splits a comma-separated list.</summary>
    public static IReadOnlyList<string> Split(string? list) =>
        list is null ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static (string User, string Password) ParseJaas(string jaas, SaslMechanism mechanism)
    {
        var module = jaas.Split(' ', 2)[0];
        var expected = mechanism == SaslMechanism.Plain ? "PlainLoginModule" : "ScramLoginModule";
        if (!module.EndsWith(expected, StringComparison.Ordinal))
        {
            throw new FormatException($"sasl.jaas.config uses {module}, but sasl.mechanism {mechanism} needs ...{expected}");
        }

        var values = JaasOption().Matches(jaas).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        return values.TryGetValue("username", out var user) && values.TryGetValue("password", out var password)
            ? (user, password)
            : throw new FormatException("sasl.jaas.config lacks username=\"...\" or password=\"...\"");
    }

    [GeneratedRegex(@"(\w+)\s*=\s*""((?:[^""\\]|\\.)*)""", RegexOptions.CultureInvariant)]
    private static partial Regex JaasOption();
}
