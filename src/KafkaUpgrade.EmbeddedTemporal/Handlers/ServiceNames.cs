namespace KafkaUpgrade.EmbeddedTemporal.Handlers;

/// <summary>Full gRPC service names of Temporal's API.</summary>
internal static class ServiceNames
{
    public const string Workflow = "temporal.api.workflowservice.v1.WorkflowService";
    public const string Operator = "temporal.api.operatorservice.v1.OperatorService";
}
