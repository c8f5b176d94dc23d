namespace KafkaUpgrade.Simulation.Wire.Versions;

/// <summary>One entry of an ApiVersions answer: the versions of one API a node accepts.</summary>
/// <param name="ApiKey">Kafka's API key.</param>
/// <param name="MinVersion">Lowest accepted version.</param>
/// <param name="MaxVersion">Highest accepted version.</param>
public readonly record struct ApiRange(short ApiKey, short MinVersion, short MaxVersion)
{
    /// <summary>True when <paramref name="version"/> is accepted.</summary>
    public bool Accepts(short version) => version >= MinVersion && version <= MaxVersion;
}
