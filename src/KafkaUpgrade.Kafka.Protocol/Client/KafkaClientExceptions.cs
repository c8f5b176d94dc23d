namespace KafkaUpgrade.Kafka.Protocol.Client;

/// <summary>The connection to a node failed, closed, or was never made (names the node, never credentials).</summary>
public sealed class KafkaConnectionException : IOException
{
    /// <summary>Creates the exception.</summary>
    public KafkaConnectionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public KafkaConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public KafkaConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>SASL or TLS authentication failed (names the node and mechanism, never the credentials).</summary>
public sealed class KafkaAuthenticationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KafkaAuthenticationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public KafkaAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public KafkaAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
