namespace KafkaUpgrade.Client;

/// <summary>Where operations run: the Temporal frontend, namespace and the task queue the workers poll.</summary>
/// <param name="Address">host:port of Temporal (default: the embedded server's <c>127.0.0.1:7233</c>).</param>
/// <param name="Namespace">Temporal namespace.</param>
/// <param name="TaskQueue">Task queue of the kafka-upgrade workers.</param>
public sealed record KafkaUpgradeClientOptions(
    string Address = KafkaUpgradeClientOptions.DefaultAddress,
    string Namespace = "default",
    string TaskQueue = KafkaUpgradeClientOptions.DefaultTaskQueue)
{
    /// <summary>The embedded server's default address.</summary>
    public const string DefaultAddress = "127.0.0.1:7233";

    /// <summary>The workers' default task queue.</summary>
    public const string DefaultTaskQueue = "kafka-upgrade";
}
