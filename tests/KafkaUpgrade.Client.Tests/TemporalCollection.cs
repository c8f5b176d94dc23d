namespace KafkaUpgrade.Client.Tests;

/// <summary>Tests that share one Temporal (the embedded server, or TEMPORAL_ADDRESS).</summary>
[CollectionDefinition(Name)]
public sealed class TemporalCollection : ICollectionFixture<TemporalFixture>
{
    public const string Name = "temporal";
}
