using System.Globalization;
using KafkaUpgrade.EmbeddedTemporal.Engine;
using KafkaUpgrade.EmbeddedTemporal.Rpc;

namespace KafkaUpgrade.EmbeddedTemporal.Visibility;

/// <summary>
/// A parsed visibility query: comparisons (=, !=, &lt;, &lt;=, &gt;, &gt;=) of a field with a literal, combined with AND, OR and
/// parentheses; a trailing ORDER BY is ignored. This is the subset of Temporal's SQL-like list filter the tests and tools use.
/// </summary>
internal sealed class VisibilityQuery
{
    private readonly Func<WorkflowRun, bool> predicate;

    private VisibilityQuery(Func<WorkflowRun, bool> predicate) => this.predicate = predicate;

    public bool Matches(WorkflowRun run) => predicate(run);

    public static VisibilityQuery Parse(string? text, NamespaceEntry ns)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new VisibilityQuery(_ => true);
        }

        var tokens = VisibilityTokenizer.Tokenize(text);
        var orderBy = tokens.FindIndex(t => t.Equals("ORDER", StringComparison.OrdinalIgnoreCase));
        if (orderBy >= 0)
        {
            tokens = tokens[..orderBy];
        }

        if (tokens.Count == 0)
        {
            return new VisibilityQuery(_ => true);
        }

        var parser = new Parser(tokens, ns, text);
        var result = parser.ParseOr();
        if (!parser.AtEnd)
        {
            throw RpcErrors.InvalidArgument($"invalid query '{text}': unexpected '{parser.Peek}'");
        }

        return new VisibilityQuery(result);
    }

    private sealed class Parser(List<string> tokens, NamespaceEntry ns, string text)
    {
        private int position;

        public bool AtEnd => position >= tokens.Count;

        public string Peek => AtEnd ? "<end>" : tokens[position];

        public Func<WorkflowRun, bool> ParseOr()
        {
            var left = ParseAnd();
            while (Accept("OR"))
            {
                var l = left;
                var r = ParseAnd();
                left = run => l(run) || r(run);
            }

            return left;
        }

        private Func<WorkflowRun, bool> ParseAnd()
        {
            var left = ParseComparison();
            while (Accept("AND"))
            {
                var l = left;
                var r = ParseComparison();
                left = run => l(run) && r(run);
            }

            return left;
        }

        private Func<WorkflowRun, bool> ParseComparison()
        {
            if (Accept("("))
            {
                var inner = ParseOr();
                Expect(")");
                return inner;
            }

            var field = Next().Trim('`');
            if (!VisibilityFields.IsSystem(field) && !ns.SearchAttributes.ContainsKey(field))
            {
                throw RpcErrors.InvalidArgument($"invalid query '{text}': unknown search attribute {field}");
            }

            var op = Next();
            var literal = Unquote(Next());
            return op switch
            {
                "=" => run => VisibilityFields.Values(run, field).Any(v => Compare(v, literal) == 0),
                "!=" => run => VisibilityFields.Values(run, field).All(v => Compare(v, literal) != 0),
                ">" => run => VisibilityFields.Values(run, field).Any(v => Compare(v, literal) > 0),
                ">=" => run => VisibilityFields.Values(run, field).Any(v => Compare(v, literal) >= 0),
                "<" => run => VisibilityFields.Values(run, field).Any(v => Compare(v, literal) < 0),
                "<=" => run => VisibilityFields.Values(run, field).Any(v => Compare(v, literal) <= 0),
                _ => throw RpcErrors.InvalidArgument($"invalid query '{text}': operator '{op}' is not supported"),
            };
        }

        private static int Compare(string value, string literal)
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
                && double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
            {
                return a.CompareTo(b);
            }

            if (value.Length >= 10 && literal.Length >= 10
                && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var x)
                && DateTimeOffset.TryParse(literal, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var y))
            {
                return x.CompareTo(y);
            }

            return string.CompareOrdinal(value, literal);
        }

        private static string Unquote(string token) =>
            token.Length >= 2 && (token[0] == '\'' || token[0] == '"') ? token[1..^1] : token;

        private bool Accept(string token)
        {
            if (!AtEnd && tokens[position].Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                position++;
                return true;
            }

            return false;
        }

        private void Expect(string token)
        {
            if (!Accept(token))
            {
                throw RpcErrors.InvalidArgument($"invalid query '{text}': expected '{token}' but found '{Peek}'");
            }
        }

        private string Next() => AtEnd
            ? throw RpcErrors.InvalidArgument($"invalid query '{text}': unexpected end")
            : tokens[position++];
    }
}
