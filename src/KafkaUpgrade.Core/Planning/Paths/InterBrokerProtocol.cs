using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Planning.Paths;

/// <summary>
/// A parsed <c>inter.broker.protocol.version</c>: <c>3.6-IV2</c>, or a bare <c>3.6</c>, which Kafka maps to the
/// highest IV of that release.
/// </summary>
/// <param name="Release">The release part (patch kept: old values such as <c>0.10.2-IV0</c> need it).</param>
/// <param name="Iv">The IV number, or null for a bare release (= its highest IV).</param>
internal readonly record struct InterBrokerProtocol(KafkaVersion Release, int? Iv) : IComparable<InterBrokerProtocol>
{
    public static bool TryParse([NotNullWhen(true)] string? text, out InterBrokerProtocol ibp)
    {
        ibp = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var dash = trimmed.IndexOf("-IV", StringComparison.OrdinalIgnoreCase);
        var releasePart = dash < 0 ? trimmed : trimmed[..dash];
        if (!KafkaVersion.TryParse(releasePart, out var release))
        {
            return false;
        }

        if (dash < 0)
        {
            ibp = new InterBrokerProtocol(release, null);
            return true;
        }

        if (!int.TryParse(trimmed[(dash + 3)..], NumberStyles.None, CultureInfo.InvariantCulture, out var iv))
        {
            return false;
        }

        ibp = new InterBrokerProtocol(release, iv);
        return true;
    }

    public int CompareTo(InterBrokerProtocol other)
    {
        var c = Release.CompareTo(other.Release);
        return c != 0 ? c : (Iv ?? int.MaxValue).CompareTo(other.Iv ?? int.MaxValue);
    }

    public static bool operator <(InterBrokerProtocol left, InterBrokerProtocol right) => left.CompareTo(right) < 0;

    public static bool operator >(InterBrokerProtocol left, InterBrokerProtocol right) => left.CompareTo(right) > 0;

    public static bool operator <=(InterBrokerProtocol left, InterBrokerProtocol right) => left.CompareTo(right) <= 0;

    public static bool operator >=(InterBrokerProtocol left, InterBrokerProtocol right) => left.CompareTo(right) >= 0;

    public override string ToString() =>
        Iv is { } iv ? string.Create(CultureInfo.InvariantCulture, $"{Release}-IV{iv}") : Release.ToString();
}
