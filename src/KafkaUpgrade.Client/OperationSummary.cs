namespace KafkaUpgrade.Client;

/// <summary>One operation as <see cref="KafkaUpgradeClient.ListAsync"/> finds it (from Temporal's visibility).</summary>
/// <param name="WorkflowId">Workflow id (<c>kafka-upgrade-{clusterId}</c> for operations this product starts).</param>
/// <param name="RunId">Run id of the latest run.</param>
/// <param name="WorkflowType">Workflow type name.</param>
/// <param name="ClusterId">Cluster, from the <c>KafkaClusterId</c> search attribute (null until published).</param>
/// <param name="Phase">Phase, from <c>KafkaUpgradePhase</c>.</param>
/// <param name="TargetVersion">Target version, from <c>KafkaTargetVersion</c>.</param>
/// <param name="Status">Temporal execution status: Running, Completed, Failed, Canceled, Terminated, ContinuedAsNew, TimedOut.</param>
/// <param name="StartTime">When it started.</param>
/// <param name="CloseTime">When it closed, or null while running.</param>
public sealed record OperationSummary(
    string WorkflowId,
    string RunId,
    string WorkflowType,
    string? ClusterId,
    string? Phase,
    string? TargetVersion,
    string Status,
    DateTime StartTime,
    DateTime? CloseTime);
