using Temporalio.Api.Update.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>An update from admission to its outcome.</summary>
internal sealed class UpdateState
{
    public required string UpdateId { get; init; }
    public required Request Request { get; init; }
    public bool Accepted { get; set; }
    public Outcome? Outcome { get; set; }
}
