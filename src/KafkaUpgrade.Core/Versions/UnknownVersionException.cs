namespace KafkaUpgrade.Core.Versions;

/// <summary>A version string or metadata level the catalog does not know.</summary>
public sealed class UnknownVersionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnknownVersionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public UnknownVersionException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public UnknownVersionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
