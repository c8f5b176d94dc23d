using System.Globalization;

namespace KafkaUpgrade.Benchmarks;

/// <summary><c>--name value</c> options of the benchmark command line.</summary>
internal static class Options
{
    public static int? Int(string[] args, string name) => String(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : null;

    public static double? Double(string[] args, string name) => String(args, name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : null;

    public static string? String(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
