namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>A child workflow started by a command, until it closes.</summary>
internal sealed class PendingChild
{
    public required long InitiatedEventId { get; init; }
    public required string WorkflowId { get; init; }
    public required string WorkflowType { get; init; }
    public string RunId { get; set; } = "";
    public long StartedEventId { get; set; }
    public bool Closed { get; set; }
    public Temporalio.Api.Enums.V1.ParentClosePolicy ParentClosePolicy { get; init; }
}
