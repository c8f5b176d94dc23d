using System.Globalization;
using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Versions;

/// <summary>One <c>metadata.version</c> feature level (Kafka's <c>MetadataVersion</c> enum).</summary>
/// <param name="Level">Feature level, e.g. 21.</param>
/// <param name="Name">IBP-style name, e.g. <c>3.9-IV0</c>.</param>
/// <param name="MetadataChanged">True when this level changed the metadata format: no downgrade below it.</param>
/// <param name="Description">What the level introduced.</param>
public sealed record MetadataVersionInfo(int Level, string Name, bool MetadataChanged, string Description)
{
    /// <summary>The release line that introduced this level (from its name, <c>3.9-IV0</c> → 3.9).</summary>
    public KafkaVersion Release => KafkaVersion.Parse(Name[..Name.IndexOf("-IV", StringComparison.Ordinal)]);

    /// <summary><c>3.9-IV0 (21)</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({Level})");
}
