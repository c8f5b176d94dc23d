using System.Globalization;

namespace KafkaUpgrade.Kafka.Protocol;

/// <summary>
/// An inclusive range of versions, as Kafka's schemas write them: <c>"3+"</c> (3 and later), <c>"8-10"</c>,
/// <c>"0"</c> or <c>"none"</c> (<see cref="None"/>). Used for API versions and for the versions a field exists in.
/// </summary>
/// <param name="Min">The lowest version.</param>
/// <param name="Max">The highest version; <see cref="short.MaxValue"/> for an open range ("N+").</param>
public readonly record struct ApiVersionRange(short Min, short Max)
{
    /// <summary>The empty range ("none").</summary>
    public static ApiVersionRange None { get; } = new(0, -1);

    /// <summary>True when no version is in the range.</summary>
    public bool IsEmpty => Max < Min;

    /// <summary>True when the range has no upper bound ("N+").</summary>
    public bool IsOpen => Max == short.MaxValue;

    /// <summary>True when <paramref name="version"/> is in the range.</summary>
    public bool Contains(short version) => version >= Min && version <= Max;

    /// <summary>The versions in both ranges (possibly <see cref="IsEmpty"/>).</summary>
    public ApiVersionRange Intersect(ApiVersionRange other)
    {
        var result = new ApiVersionRange(Math.Max(Min, other.Min), Math.Min(Max, other.Max));
        return result.IsEmpty ? None : result;
    }

    /// <summary>Parses Kafka's notation: "none", "N", "N+", "N-M".</summary>
    public static ApiVersionRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.Length == 0 || t == "none")
        {
            return None;
        }

        if (t.EndsWith('+'))
        {
            return new ApiVersionRange(short.Parse(t[..^1], CultureInfo.InvariantCulture), short.MaxValue);
        }

        var dash = t.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            return new ApiVersionRange(
                short.Parse(t[..dash], CultureInfo.InvariantCulture),
                short.Parse(t[(dash + 1)..], CultureInfo.InvariantCulture));
        }

        var single = short.Parse(t, CultureInfo.InvariantCulture);
        return new ApiVersionRange(single, single);
    }

    /// <summary>Kafka's notation for the range.</summary>
    public override string ToString() =>
        IsEmpty ? "none" : IsOpen ? $"{Min}+" : Min == Max ? $"{Min}" : $"{Min}-{Max}";
}
