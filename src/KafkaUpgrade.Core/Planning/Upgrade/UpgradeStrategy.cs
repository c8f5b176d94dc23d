namespace KafkaUpgrade.Core.Planning.Upgrade;

/// <summary>How a software step reaches the new version.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<UpgradeStrategy>))]
public enum UpgradeStrategy
{
    /// <summary>Aiven's procedure: start new brokers on the new version, move the data to them, retire the old ones.</summary>
    NodeReplacement,

    /// <summary>In place: per restart batch, move leadership away, stop, swap the binary, start, wait for the ISR.</summary>
    RollingUpgrade,
}
