namespace KafkaUpgrade.Core.ServerProperties;

/// <summary>
/// Which server.properties keys hold secrets, so rendered files, hook output and errors can be redacted. Follows
/// the keys Kafka's own configs declare as <c>ConfigDef.Type.PASSWORD</c> (ssl.*.password, ssl.keystore.key,
/// sasl.jaas.config, delegation.token.secret.key, password.encoder.secret, ...), including their
/// <c>listener.name.X.</c>-prefixed forms and the zookeeper.ssl.* variants.
/// </summary>
public static class SecretProperties
{
    /// <summary>What redacted values read as.</summary>
    public const string Redacted = "[redacted]";

    private static readonly string[] Suffixes =
    [
        "password",
        "jaas.config",
        "ssl.keystore.key",
        "ssl.keystore.certificate.chain",
        "ssl.truststore.certificates",
        "secret",
        "secret.key",
        "master.key",
        "client.secret",
        "credentials",
        "token",
    ];

    /// <summary>True when <paramref name="key"/> names a secret.</summary>
    public static bool IsSecret(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var lower = key.Trim().ToLowerInvariant();
        return Suffixes.Any(s => lower == s || lower.EndsWith("." + s, StringComparison.Ordinal));
    }

    /// <summary>
    /// The strings to redact for one secret entry: the value itself and, inside a JAAS configuration, each
    /// <c>password=...</c> option on its own (a hook may print it escaped, e.g. inside JSON, where the whole value no
    /// longer matches).
    /// </summary>
    public static IEnumerable<string> SecretAtoms(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!IsSecret(key) || value.Length == 0)
        {
            yield break;
        }

        yield return value;
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(value, "(?i)(password|secret|token)\\s*=\\s*(\"(?<q>[^\"]*)\"|(?<p>[^\\s;]+))"))
        {
            var inner = match.Groups["q"].Success ? match.Groups["q"].Value : match.Groups["p"].Value;
            if (inner.Length > 0)
            {
                yield return inner;
            }
        }
    }

    /// <summary>
    /// <paramref name="text"/> with every value of a secret key replaced, and every known secret value found
    /// anywhere in it too (a hook may echo a password in its own words).
    /// </summary>
    public static string RedactValues(string text, IEnumerable<string> secretValues)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(secretValues);
        foreach (var secret in secretValues.Where(s => s.Length >= 4).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Properties text with the values of secret keys replaced by <see cref="Redacted"/>.</summary>
    public static string RedactPropertiesText(string propertiesText)
    {
        var lines = PropertiesText.Parse(propertiesText);
        return string.Join('\n', lines.Select(l => l.Key is not null && IsSecret(l.Key) ? PropertiesText.Format(l.Key, Redacted) : l.Raw));
    }
}
