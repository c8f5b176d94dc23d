namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>A started timer and when it fires.</summary>
internal sealed record PendingTimer(string TimerId, long StartedEventId, DateTime FireAt);
