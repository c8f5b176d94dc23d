namespace KafkaUpgrade.EmbeddedTemporal.Http;

/// <summary>
/// One google.api.http binding: an HTTP method and a path template whose <c>{field.path}</c> segments fill fields
/// of the request; <paramref name="Body"/> says whether the JSON body is parsed into the whole request (<c>body: "*"</c>).
/// </summary>
internal sealed record HttpRoute(string Method, string Template, string Rpc, bool Body)
{
    private readonly string[] segments = Template.Trim('/').Split('/');

    /// <summary>The path variables when <paramref name="path"/> (already split, unescaped) fits the template; else null.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Match(string[] path)
    {
        if (path.Length != segments.Length)
        {
            return null;
        }

        var variables = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.StartsWith('{'))
            {
                if (path[i].Length == 0)
                {
                    return null;
                }

                variables.Add(new(segment[1..^1], path[i]));
            }
            else if (!string.Equals(segment, path[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return variables;
    }
}
