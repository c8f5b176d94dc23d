using System.Globalization;
using KafkaUpgrade.EmbeddedTemporal.Engine;
using KafkaUpgrade.EmbeddedTemporal.Rpc;

namespace KafkaUpgrade.EmbeddedTemporal.Visibility;

/// <summary>
/// A parsed visibility query, Temporal's SQL-like list filter as the UI and the CLI send it: comparisons
/// (=, !=, &lt;, &lt;=, &gt;, &gt;=), BETWEEN x AND y, STARTS_WITH, [NOT] IN (...), IS [NOT] NULL, combined with AND, OR and
/// parentheses over plain or backticked names; then an optional GROUP BY (ExecutionStatus only, as Temporal allows for
/// counts) and ORDER BY StartTime / CloseTime [ASC | DESC].
/// </summary>
internal sealed class VisibilityQuery
{
    private readonly Func<WorkflowRun, bool> predicate;

    private VisibilityQuery(Func<WorkflowRun, bool> predicate, string? groupBy, string orderBy, bool descending)
    {
        this.predicate = predicate;
        GroupBy = groupBy;
        OrderBy = orderBy;
        Descending = descending;
    }

    /// <summary>The GROUP BY field, or null.</summary>
    public string? GroupBy { get; }

    /// <summary>The field runs are sorted by (StartTime unless ORDER BY names another).</summary>
    public string OrderBy { get; }

    public bool Descending { get; }

    public bool Matches(WorkflowRun run) => predicate(run);

    /// <summary>The matching runs in the query's order.</summary>
    public IEnumerable<WorkflowRun> Sort(IEnumerable<WorkflowRun> runs)
    {
        Func<WorkflowRun, DateTime> key = OrderBy == "CloseTime" ? r => r.CloseTime ?? DateTime.MaxValue : r => r.StartTime;
        return Descending ? runs.OrderByDescending(key) : runs.OrderBy(key);
    }

    public static VisibilityQuery Parse(string? text, NamespaceEntry ns)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new VisibilityQuery(_ => true, null, "StartTime", true);
        }

        var tokens = VisibilityTokenizer.Tokenize(text);
        var (orderBy, descending) = TakeOrderBy(tokens, text);
        var groupBy = TakeGroupBy(tokens, text);
        if (tokens.Count == 0)
        {
            return new VisibilityQuery(_ => true, groupBy, orderBy, descending);
        }

        var parser = new Parser(tokens, ns, text);
        var result = parser.ParseOr();
        if (!parser.AtEnd)
        {
            throw RpcErrors.InvalidArgument($"invalid query '{text}': unexpected '{parser.Peek}'");
        }

        return new VisibilityQuery(result, groupBy, orderBy, descending);
    }

    private static (string Field, bool Descending) TakeOrderBy(List<string> tokens, string text)
    {
        var at = FindClause(tokens, "ORDER");
        if (at < 0)
        {
            return ("StartTime", true);
        }

        var clause = tokens[at..];
        tokens.RemoveRange(at, tokens.Count - at);
        if (clause.Count < 3 || clause.Count > 4 || !clause[1].Equals("BY", StringComparison.OrdinalIgnoreCase))
        {
            throw RpcErrors.InvalidArgument($"invalid query '{text}': ORDER BY takes one field and an optional ASC or DESC");
        }

        var field = clause[2].Trim('`');
        if (field is not ("StartTime" or "CloseTime"))
        {
            throw RpcErrors.InvalidArgument($"invalid query '{text}': ORDER BY {field} is not supported (StartTime or CloseTime)");
        }

        var descending = clause.Count == 3 || clause[3].Equals("DESC", StringComparison.OrdinalIgnoreCase);
        if (clause.Count == 4 && !descending && !clause[3].Equals("ASC", StringComparison.OrdinalIgnoreCase))
        {
            throw RpcErrors.InvalidArgument($"invalid query '{text}': expected ASC or DESC but found '{clause[3]}'");
        }

        return (field, descending);
    }

    private static string? TakeGroupBy(List<string> tokens, string text)
    {
        var at = FindClause(tokens, "GROUP");
        if (at < 0)
        {
            return null;
        }

        var clause = tokens[at..];
        tokens.RemoveRange(at, tokens.Count - at);
        if (clause.Count != 3 || !clause[1].Equals("BY", StringComparison.OrdinalIgnoreCase))
        {
            throw RpcErrors.InvalidArgument($"invalid query '{text}': GROUP BY takes one field");
        }

        var field = clause[2].Trim('`');
        if (field != "ExecutionStatus")
        {
            // Temporal's visibility: "'group by' clause is only supported for ExecutionStatus search attribute".
            throw RpcErrors.InvalidArgument($"invalid query '{text}': 'group by' clause is only supported for ExecutionStatus search attribute");
        }

        return field;
    }

    private static int FindClause(List<string> tokens, string keyword) =>
        tokens.FindIndex(t => t.Equals(keyword, StringComparison.OrdinalIgnoreCase));

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

            if (Accept("BETWEEN"))
            {
                var low = Unquote(Next());
                Expect("AND");
                var high = Unquote(Next());
                return run => VisibilityFields.Values(run, field).Any(v => Compare(v, low) >= 0 && Compare(v, high) <= 0);
            }

            if (Accept("STARTS_WITH"))
            {
                var prefix = Unquote(Next());
                return run => VisibilityFields.Values(run, field).Any(v => v.StartsWith(prefix, StringComparison.Ordinal));
            }

            if (Accept("IS"))
            {
                var negated = Accept("NOT");
                Expect("NULL");
                return negated ? run => VisibilityFields.Values(run, field).Count > 0 : run => VisibilityFields.Values(run, field).Count == 0;
            }

            var notIn = Accept("NOT");
            if (Accept("IN"))
            {
                var set = ParseList();
                return notIn
                    ? run => !VisibilityFields.Values(run, field).Any(v => set.Any(s => Compare(v, s) == 0))
                    : run => VisibilityFields.Values(run, field).Any(v => set.Any(s => Compare(v, s) == 0));
            }

            if (notIn)
            {
                throw RpcErrors.InvalidArgument($"invalid query '{text}': expected 'IN' after NOT but found '{Peek}'");
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

        private List<string> ParseList()
        {
            Expect("(");
            var values = new List<string> { Unquote(Next()) };
            while (Accept(","))
            {
                values.Add(Unquote(Next()));
            }

            Expect(")");
            return values;
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
