namespace KafkaUpgrade.Core.Model;

/// <summary>Lifecycle of a node as the orchestrator observes it.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<NodeState>))]
public enum NodeState
{
    /// <summary>Infrastructure is creating the node; it has not registered with the cluster yet.</summary>
    Provisioning,

    /// <summary>Process started; registering, recovering logs or catching up metadata (fenced in KRaft).</summary>
    Starting,

    /// <summary>Registered, unfenced and serving.</summary>
    Running,

    /// <summary>Moving leadership away before it stops (controlled shutdown).</summary>
    ShuttingDown,

    /// <summary>Process stopped; its log is kept on disk.</summary>
    Stopped,

    /// <summary>Crashed or failed to start.</summary>
    Failed,

    /// <summary>Removed for good; it no longer exists in the infrastructure.</summary>
    Decommissioned,
}
