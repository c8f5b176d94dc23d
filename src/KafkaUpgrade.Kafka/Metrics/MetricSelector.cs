namespace KafkaUpgrade.Kafka.Metrics;

/// <summary>
/// <c>name{label="value",...}</c>: a metric name and the labels a sample must carry. Samples with further labels
/// (per-topic beans beside the broker-wide one) are used only when no sample matches exactly, and then summed.
/// </summary>
public sealed record MetricSelector(string Name, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>Parses <c>name</c> or <c>name{a="b",c="d"}</c>.</summary>
    public static MetricSelector Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var parsed = PrometheusText.Parse(text.Contains('{', StringComparison.Ordinal) ? text + " 0" : text.Trim() + " 0");
        if (parsed.Count != 1)
        {
            throw new FormatException($"'{text}' is not a metric selector (expected name or name{{label=\"value\"}})");
        }

        return new MetricSelector(parsed[0].Name, parsed[0].Labels);
    }

    /// <summary>The selected value, or null when no sample matches.</summary>
    public double? Select(IReadOnlyList<PrometheusSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var matching = samples.Where(s => s.Name == Name && Labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();
        if (matching.Count == 0)
        {
            return null;
        }

        var exact = matching.FirstOrDefault(s => s.Labels.Count == Labels.Count);
        return exact?.Value ?? matching.Sum(s => s.Value);
    }

    /// <inheritdoc />
    public override string ToString() =>
        Labels.Count == 0 ? Name : $"{Name}{{{string.Join(",", Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}}";
}
