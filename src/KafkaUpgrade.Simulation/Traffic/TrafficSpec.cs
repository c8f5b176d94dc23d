namespace KafkaUpgrade.Simulation.Traffic;

/// <summary>Producers with acks=all writing to <paramref name="Topics"/> (all topics when null) at a steady rate.</summary>
/// <param name="BytesPerSecondPerPartition">Write rate into each partition.</param>
/// <param name="RecordBytes">Size of one record (one acknowledged write).</param>
/// <param name="Topics">Topics written to, or null for every topic.</param>
public sealed record TrafficSpec(double BytesPerSecondPerPartition, int RecordBytes = 1024, IReadOnlyCollection<string>? Topics = null);
