namespace KafkaUpgrade.Core.Ports;

/// <summary>A Kafka admin request was refused; nothing changed.</summary>
public sealed class KafkaApiException : Exception
{
    /// <summary>Creates the exception with Kafka's error and message.</summary>
    public KafkaApiException(KafkaError error, string message)
        : base($"{error.Name}: {message}")
    {
        Error = error;
    }

    /// <summary>Kafka's error code and name.</summary>
    public KafkaError Error { get; }
}
