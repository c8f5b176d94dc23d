namespace KafkaUpgrade.Core.Planning.Paths;

/// <summary>An upgrade request that is impossible or unsafe; the message names the problem and the versions.</summary>
public sealed class UpgradePathException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UpgradePathException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public UpgradePathException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public UpgradePathException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
