namespace KafkaUpgrade.Kafka.Protocol;

/// <summary>
/// Bytes that are not a valid Kafka message (truncated, a length that does not fit, a frame over the limit), or a
/// message that cannot be written in the requested version. Names the field and the byte offset where it can.
/// Never carries payload bytes or credentials.
/// </summary>
public class KafkaProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KafkaProtocolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public KafkaProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public KafkaProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates a decode error naming the field and the offset where decoding failed.</summary>
    public KafkaProtocolException(string message, string? field, int offset)
        : base(field is null ? $"{message} (at offset {offset})" : $"{message} (field {field}, at offset {offset})")
    {
        Field = field;
        Offset = offset;
    }

    /// <summary>The field being decoded when the error happened, if known.</summary>
    public string? Field { get; }

    /// <summary>The byte offset in the buffer being decoded, or -1 when not a decode error.</summary>
    public int Offset { get; } = -1;
}

/// <summary>
/// An API or version that one side does not support: no overlap between our range and the broker's, an unknown API
/// key, or a version outside an API's valid versions.
/// </summary>
public sealed class KafkaUnsupportedVersionException : KafkaProtocolException
{
    /// <summary>Creates the exception.</summary>
    public KafkaUnsupportedVersionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public KafkaUnsupportedVersionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public KafkaUnsupportedVersionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
