using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace KafkaUpgrade.Core.Model;

/// <summary>
/// An Apache Kafka release number such as <c>3.9</c> or <c>3.9.1</c>. Only major and minor matter for upgrade
/// rules; the patch level is kept so operators see exactly what they asked for.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(KafkaVersionJsonConverter))]
public readonly record struct KafkaVersion(int Major, int Minor, int Patch = 0) : IComparable<KafkaVersion>
{
    /// <summary>The release line (<c>major.minor</c>) this version belongs to.</summary>
    public KafkaVersion Line => new(Major, Minor);

    /// <summary>Parses <c>X.Y</c> or <c>X.Y.Z</c>; anything else is rejected with a message naming the input.</summary>
    public static KafkaVersion Parse(string text)
    {
        if (TryParse(text, out var version))
        {
            return version;
        }

        throw new FormatException($"'{text}' is not a Kafka version: expected MAJOR.MINOR or MAJOR.MINOR.PATCH, e.g. 3.9 or 3.9.1");
    }

    /// <summary>Parses <c>X.Y</c> or <c>X.Y.Z</c> without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out KafkaVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Trim().Split('.');
        if (parts.Length is < 2 or > 3)
        {
            return false;
        }

        var numbers = new int[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        version = new KafkaVersion(numbers[0], numbers[1], numbers[2]);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(KafkaVersion other)
    {
        var c = Major.CompareTo(other.Major);
        if (c != 0)
        {
            return c;
        }

        c = Minor.CompareTo(other.Minor);
        return c != 0 ? c : Patch.CompareTo(other.Patch);
    }

    /// <summary>Compares two versions.</summary>
    public static bool operator <(KafkaVersion left, KafkaVersion right) => left.CompareTo(right) < 0;

    /// <summary>Compares two versions.</summary>
    public static bool operator >(KafkaVersion left, KafkaVersion right) => left.CompareTo(right) > 0;

    /// <summary>Compares two versions.</summary>
    public static bool operator <=(KafkaVersion left, KafkaVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two versions.</summary>
    public static bool operator >=(KafkaVersion left, KafkaVersion right) => left.CompareTo(right) >= 0;

    /// <summary><c>3.9</c> when the patch is 0, else <c>3.9.1</c>.</summary>
    public override string ToString() =>
        Patch == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}")
            : string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
}
