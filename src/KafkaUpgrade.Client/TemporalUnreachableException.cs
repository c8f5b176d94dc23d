namespace KafkaUpgrade.Client;

/// <summary>Temporal could not be reached at the configured address.</summary>
public sealed class TemporalUnreachableException : InvalidOperationException
{
    /// <summary>Creates the error saying where it tried and how to get a server.</summary>
    public TemporalUnreachableException(string address, Exception? inner)
        : base($"Cannot reach Temporal at {address}: {inner?.Message ?? "no answer"}. Start the embedded server with 'kafka-upgrade server --port 7233' (or 'kafka-upgrade demo' for a self-contained run), or pass --address host:port of your Temporal cluster.", inner)
        => Address = address;

    /// <summary>Creates the error.</summary>
    public TemporalUnreachableException()
        : this(string.Empty, null)
    {
    }

    /// <summary>Creates the error for <paramref name="value"/>.</summary>
    public TemporalUnreachableException(string value)
        : this(value, null)
    {
    }


    /// <summary>The address tried.</summary>
    public string Address { get; }
}
