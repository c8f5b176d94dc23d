namespace KafkaUpgrade.Core.ServerProperties;

/// <summary>A node's server.properties as rendered.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Text">The file's content, secrets included: write it only where the node reads it, never log it.</param>
/// <param name="Properties">The effective key/value pairs (later lines win, as in Java).</param>
/// <param name="Step">What this configuration is for, in Kafka's words (e.g. "ZooKeeper broker in migration mode").</param>
public sealed record RenderedServerProperties(int NodeId, string Text, IReadOnlyDictionary<string, string> Properties, string Step)
{
    /// <summary>The values of secret keys (to redact from anything a hook prints).</summary>
    public IReadOnlyList<string> SecretValues =>
        [.. Properties.SelectMany(p => SecretProperties.SecretAtoms(p.Key, p.Value))];

    /// <summary>The text with secret values replaced: safe for logs and errors.</summary>
    public string RedactedText => SecretProperties.RedactPropertiesText(Text);

    /// <summary>Never the secrets: a summary for logs.</summary>
    public override string ToString() => $"server.properties for node {NodeId} ({Step}, {Properties.Count} keys)";
}
