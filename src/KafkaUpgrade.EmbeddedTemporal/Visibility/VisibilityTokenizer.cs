using KafkaUpgrade.EmbeddedTemporal.Rpc;

namespace KafkaUpgrade.EmbeddedTemporal.Visibility;

/// <summary>Splits a visibility query into identifiers (plain or `backticked`), quoted literals, operators, commas and parentheses.</summary>
internal static class VisibilityTokenizer
{
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0)
                {
                    throw RpcErrors.InvalidArgument($"invalid query '{text}': unterminated string at {i}");
                }

                tokens.Add(text[i..(end + 1)]);
                i = end + 1;
            }
            else if (c == '`')
            {
                var end = text.IndexOf('`', i + 1);
                if (end < 0)
                {
                    throw RpcErrors.InvalidArgument($"invalid query '{text}': unterminated backtick at {i}");
                }

                tokens.Add(text[i..(end + 1)]);
                i = end + 1;
            }
            else if (c is '(' or ')' or ',')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c is '=' or '!' or '<' or '>')
            {
                var two = i + 1 < text.Length && text[i + 1] == '=' ? 2 : 1;
                tokens.Add(text.Substring(i, two));
                i += two;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or ',' or '=' or '!' or '<' or '>' or '\'' or '"' or '`'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
        }

        return tokens;
    }
}
