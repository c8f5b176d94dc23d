using System.Globalization;

namespace KafkaUpgrade.Kafka.Metrics;

/// <summary>One sample of the Prometheus text exposition format: <c>name{label="value",...} 1.5</c>.</summary>
/// <param name="Name">Metric name.</param>
/// <param name="Labels">Label pairs, in the order written.</param>
/// <param name="Value">Sample value.</param>
/// <param name="TimestampMs">The sample's own timestamp (ms since the epoch) when the exporter wrote one.</param>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, long? TimestampMs = null);

/// <summary>
/// Parses Prometheus' text exposition format 0.0.4 (what the JMX exporter serves): one sample per line,
/// <c># HELP</c> / <c># TYPE</c> comments, optional timestamp after the value, label values with <c>\"</c>,
/// <c>\\</c> and <c>\n</c> escapes, and the special values <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>. Anything else is an
/// error naming the line, so a URL answering an HTML page or garbage is never read as "no traffic".
/// </summary>
public static class PrometheusText
{
    /// <summary>Every sample in <paramref name="text"/>; throws <see cref="FormatException"/> naming the first bad line.</summary>
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<PrometheusSample>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            samples.Add(ParseLine(line) ?? throw new FormatException($"line {lineNumber} is not a Prometheus sample: '{Shorten(line)}'"));
        }

        return samples;
    }

    private static PrometheusSample? ParseLine(string line)
    {
        var i = 0;
        while (i < line.Length && IsNameChar(line[i], i == 0))
        {
            i++;
        }

        if (i == 0)
        {
            return null;
        }

        var name = line[..i];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                SkipSpaces(line, ref i);
                if (i < line.Length && line[i] == '}')
                {
                    i++;
                    break;
                }

                var start = i;
                while (i < line.Length && IsNameChar(line[i], i == start))
                {
                    i++;
                }

                if (i == start || i + 1 >= line.Length || line[i] != '=' || line[i + 1] != '"')
                {
                    return null;
                }

                var label = line[start..i];
                i += 2;
                var value = new System.Text.StringBuilder();
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                        value.Append(line[i] switch { 'n' => '\n', var c => c });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                if (i >= line.Length)
                {
                    return null;
                }

                i++;
                labels[label] = value.ToString();
                SkipSpaces(line, ref i);
                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
                else if (i >= line.Length || line[i] != '}')
                {
                    return null;
                }
            }
        }

        var rest = line[i..].Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries);
        long timestamp = 0;
        if (rest.Length is < 1 or > 2 || !TryParseValue(rest[0], out var number) || (rest.Length == 2 && !long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out timestamp)))
        {
            return null;
        }

        return new PrometheusSample(name, labels, number, rest.Length == 2 ? timestamp : null);
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "NaN":
                value = double.NaN;
                return true;
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static bool IsNameChar(char c, bool first) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (!first && c is >= '0' and <= '9');

    private static void SkipSpaces(string line, ref int i)
    {
        while (i < line.Length && line[i] == ' ')
        {
            i++;
        }
    }

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "...";
}
