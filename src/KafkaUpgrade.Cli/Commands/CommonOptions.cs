using System.CommandLine;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Upgrade;

namespace KafkaUpgrade.Cli.Commands;

/// <summary>Options several commands share, spelled the same everywhere.</summary>
internal static class CommonOptions
{
    /// <summary>The version given to <paramref name="option"/>, or a bad-input error naming it.</summary>
    public static KafkaVersion ParseVersion(string text, string option = "--to") =>
        KafkaVersion.TryParse(text, out var version)
            ? version
            : throw new BadInputException($"{option} '{text}' is not a Kafka version (expected e.g. 4.1 or 3.9.1).");

    /// <summary>Refuses an empty cluster id (bad input, exit 2) before anything is contacted.</summary>
    public static string RequireClusterId(string? clusterId, string argument = "cluster") =>
        string.IsNullOrWhiteSpace(clusterId)
            ? throw new BadInputException($"the {argument} argument is empty: name the cluster as the workers know it (Clusters:N:Id).")
            : clusterId;

    /// <summary>Rehearsal over Kafka's protocol: worker processes bound with the kafka adapter and command hooks.</summary>
    public static Option<bool> Wire() => new("--wire")
    {
        Description = "Serve the simulated cluster over Kafka's protocol and run the worker as a separate process bound to it with the kafka adapter (metrics, command hooks): the production path, but for what the hook scripts do. Implied by --chaos.",
    };

    public static Option<bool> Json() => new("--json") { Description = "Print data as JSON (one object) instead of text." };

    public static Option<UpgradeStrategy> Strategy()
    {
        var option = new Option<UpgradeStrategy>("--strategy")
        {
            Description = "replace: new brokers beside the old, data moved, old retired (default). rolling: restart in place.",
            DefaultValueFactory = _ => UpgradeStrategy.NodeReplacement,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "replace";
                switch (text.ToUpperInvariant())
                {
                    case "REPLACE":
                        return UpgradeStrategy.NodeReplacement;
                    case "ROLLING":
                        return UpgradeStrategy.RollingUpgrade;
                    default:
                        result.AddError($"--strategy '{text}' is not one of: replace, rolling.");
                        return UpgradeStrategy.NodeReplacement;
                }
            },
        };
        return option;
    }
}
