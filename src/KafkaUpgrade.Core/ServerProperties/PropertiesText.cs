using System.Text;

namespace KafkaUpgrade.Core.ServerProperties;

/// <summary>One logical line of a properties file: a comment/blank line (no key) or an entry.</summary>
/// <param name="Raw">The physical line(s) as written, continuations included.</param>
/// <param name="Key">The key, or null for a comment or blank line.</param>
/// <param name="Value">The unescaped value, or null for a comment or blank line.</param>
public sealed record PropertiesLine(string Raw, string? Key, string? Value);

/// <summary>
/// Java properties text (<c>java.util.Properties.load</c>): <c>key=value</c>, <c>key: value</c> or <c>key value</c>,
/// comments starting with <c>#</c> or <c>!</c>, a trailing backslash continuing a line, backslash escapes. Comment
/// lines and order are kept so a rendered file still reads like the operator's own.
/// </summary>
public static class PropertiesText
{
    /// <summary>Splits <paramref name="text"/> into logical lines.</summary>
    public static IReadOnlyList<PropertiesLine> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<PropertiesLine>();
        var physical = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < physical.Length; i++)
        {
            var line = physical[i];
            var trimmed = line.TrimStart(' ', '\t', '\f');
            if (trimmed.Length == 0 || trimmed[0] is '#' or '!')
            {
                if (i < physical.Length - 1 || line.Length > 0)
                {
                    lines.Add(new PropertiesLine(line, null, null));
                }

                continue;
            }

            var raw = new StringBuilder(line);
            var logical = new StringBuilder(trimmed);
            while (EndsWithContinuation(logical) && i + 1 < physical.Length)
            {
                logical.Length--;
                i++;
                raw.Append('\n').Append(physical[i]);
                logical.Append(physical[i].TrimStart(' ', '\t', '\f'));
            }

            var (key, value) = SplitEntry(logical.ToString());
            lines.Add(new PropertiesLine(raw.ToString(), key, value));
        }

        return lines;
    }

    /// <summary>One <c>key=value</c> line with the characters Java properties treat specially escaped.</summary>
    public static string Format(string key, string value) => $"{Escape(key, isKey: true)}={Escape(value, isKey: false)}";

    private static bool EndsWithContinuation(StringBuilder line)
    {
        var backslashes = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    private static (string Key, string Value) SplitEntry(string logical)
    {
        var key = new StringBuilder();
        var i = 0;
        for (; i < logical.Length; i++)
        {
            var c = logical[i];
            if (c == '\\' && i + 1 < logical.Length)
            {
                key.Append(Unescape(logical[++i]));
                continue;
            }

            if (c is '=' or ':' or ' ' or '\t' or '\f')
            {
                break;
            }

            key.Append(c);
        }

        // Separator: whitespace, then at most one '=' or ':', then whitespace.
        while (i < logical.Length && logical[i] is ' ' or '\t' or '\f')
        {
            i++;
        }

        if (i < logical.Length && logical[i] is '=' or ':')
        {
            i++;
        }

        while (i < logical.Length && logical[i] is ' ' or '\t' or '\f')
        {
            i++;
        }

        var value = new StringBuilder();
        for (; i < logical.Length; i++)
        {
            var c = logical[i];
            if (c == '\\' && i + 1 < logical.Length)
            {
                var next = logical[++i];
                if (next == 'u' && i + 4 < logical.Length && int.TryParse(logical.AsSpan(i + 1, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code))
                {
                    value.Append((char)code);
                    i += 4;
                    continue;
                }

                value.Append(Unescape(next));
                continue;
            }

            value.Append(c);
        }

        return (key.ToString(), value.ToString());
    }

    private static char Unescape(char c) => c switch
    {
        't' => '\t',
        'n' => '\n',
        'r' => '\r',
        'f' => '\f',
        _ => c,
    };

    private static string Escape(string text, bool isKey)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\':
                    result.Append(@"\\");
                    break;
                case '\n':
                    result.Append(@"\n");
                    break;
                case '\r':
                    result.Append(@"\r");
                    break;
                case '\t':
                    result.Append(@"\t");
                    break;
                case '=' or ':' or ' ' when isKey:
                    result.Append('\\').Append(c);
                    break;
                case ' ' when i == 0:
                    result.Append(@"\ ");
                    break;
                case '#' or '!' when i == 0 && isKey:
                    result.Append('\\').Append(c);
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }

        return result.ToString();
    }
}
