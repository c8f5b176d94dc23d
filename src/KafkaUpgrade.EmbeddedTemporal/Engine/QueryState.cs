using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>A query waiting for a worker's answer.</summary>
internal sealed class QueryState
{
    public required string QueryId { get; init; }
    public required string RunId { get; init; }
    public required WorkflowQuery Query { get; init; }
    public bool Dispatched { get; set; }
    public TaskCompletionSource<RespondQueryTaskCompletedRequest> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
