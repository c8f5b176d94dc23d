namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>The parent of a child run and the event that started it.</summary>
internal sealed record ParentRef(string Namespace, string WorkflowId, string RunId, long InitiatedEventId);
