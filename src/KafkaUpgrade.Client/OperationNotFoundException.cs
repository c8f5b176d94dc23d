namespace KafkaUpgrade.Client;

/// <summary>No operation exists for the cluster or workflow id asked about.</summary>
public sealed class OperationNotFoundException : InvalidOperationException
{
    /// <summary>Creates the error naming what was looked for.</summary>
    public OperationNotFoundException(string workflowId, Exception? inner)
        : base($"No operation '{workflowId}' was found (list them with 'kafka-upgrade list').", inner) => WorkflowId = workflowId;

    /// <summary>Creates the error.</summary>
    public OperationNotFoundException()
        : this(string.Empty, null)
    {
    }

    /// <summary>Creates the error for <paramref name="value"/>.</summary>
    public OperationNotFoundException(string value)
        : this(value, null)
    {
    }


    /// <summary>The workflow id that was looked for.</summary>
    public string WorkflowId { get; }
}
