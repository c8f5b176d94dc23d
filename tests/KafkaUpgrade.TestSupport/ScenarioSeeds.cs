using System.Globalization;
using Xunit;

namespace KafkaUpgrade.TestSupport;

/// <summary>
/// The simulator seeds every seed-sensitive end-to-end scenario runs with. A seed decides the ties a real cluster
/// decides by timing (which controller wins an election, which broker recovers first, directory ids), so one seed
/// shows one ordering only; each scenario runs with two by default, and <c>KAFKA_UPGRADE_SEEDS=1,2,3,...</c>
/// widens a sweep (a failure names its seed in the test's display name, and the same seed replays the same run).
/// Scenarios refused before anything changes (bad input, unmet preconditions) do not depend on ties and run once.
/// </summary>
public static class ScenarioSeeds
{
    /// <summary>The default seeds: 7 (the harness's default) and another that orders the ties differently.</summary>
    public static readonly IReadOnlyList<int> Default = [7, 1013];

    /// <summary>The seeds as xUnit theory data.</summary>
    public static TheoryData<int> Each
    {
        get
        {
            var data = new TheoryData<int>();
            foreach (var seed in Parse(Environment.GetEnvironmentVariable("KAFKA_UPGRADE_SEEDS")) ?? Default)
            {
                data.Add(seed);
            }

            return data;
        }
    }

    private static List<int>? Parse(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? null
            : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
                    ? seed
                    : throw new FormatException($"KAFKA_UPGRADE_SEEDS: '{s}' is not an integer seed (expected e.g. 1,2,3)"))
                .ToList();
}
