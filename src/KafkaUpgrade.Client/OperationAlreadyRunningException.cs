namespace KafkaUpgrade.Client;

/// <summary>A cluster already has an operation running: one operation per cluster, by workflow id.</summary>
public sealed class OperationAlreadyRunningException : InvalidOperationException
{
    /// <summary>Creates the error naming the running operation.</summary>
    public OperationAlreadyRunningException(string clusterId, string workflowId, string? runId, Exception? inner = null)
        : base($"Cluster '{clusterId}' already has an operation running: workflow {workflowId}{(runId is null ? string.Empty : $" (run {runId})")}. Watch it with 'kafka-upgrade watch {clusterId}', or abort it first.", inner)
    {
        ClusterId = clusterId;
        WorkflowId = workflowId;
        RunId = runId;
    }

    /// <summary>Creates the error with a message only.</summary>
    public OperationAlreadyRunningException()
        : this(string.Empty, string.Empty, null)
    {
    }

    /// <summary>Creates the error with a message only.</summary>
    public OperationAlreadyRunningException(string message)
        : base(message)
    {
        ClusterId = WorkflowId = string.Empty;
    }

    /// <summary>Creates the error with a message and cause.</summary>
    public OperationAlreadyRunningException(string message, Exception inner)
        : base(message, inner)
    {
        ClusterId = WorkflowId = string.Empty;
    }

    /// <summary>The busy cluster.</summary>
    public string ClusterId { get; }

    /// <summary>The running operation's workflow id.</summary>
    public string WorkflowId { get; }

    /// <summary>The running operation's run id, when known.</summary>
    public string? RunId { get; }
}
