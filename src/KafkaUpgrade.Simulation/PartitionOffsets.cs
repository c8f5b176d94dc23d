using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Simulation;

/// <summary>A partition's offsets as ListOffsets and OffsetFetch report them.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="HighWatermark">Latest offset (the high watermark), in records.</param>
/// <param name="ConsumerGroup">The group consuming it under simulated traffic, or null.</param>
/// <param name="CommittedOffset">That group's committed offset, or null.</param>
public sealed record PartitionOffsets(TopicPartition Partition, long HighWatermark, string? ConsumerGroup, long? CommittedOffset);
