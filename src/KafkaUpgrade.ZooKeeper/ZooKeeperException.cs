namespace KafkaUpgrade.ZooKeeper;

/// <summary>A ZooKeeper request failed with <see cref="Error"/> (ZooKeeper's code), on <see cref="Path"/> when there is one.</summary>
public sealed class ZooKeeperException : Exception
{
    /// <summary>Creates the exception; the message starts with ZooKeeper's name for the code.</summary>
    public ZooKeeperException(ZooKeeperError error, string? path, string? detail = null, Exception? inner = null)
        : base(Format(error, path, detail), inner)
    {
        Error = error;
        Path = path;
        Detail = detail;
    }

    /// <summary>ZooKeeper's error code.</summary>
    public ZooKeeperError Error { get; }

    /// <summary>What happened beyond the code (e.g. why the connection was lost), or null.</summary>
    public string? Detail { get; }

    /// <summary>The path the request named (as the caller gave it, without the chroot), or null.</summary>
    public string? Path { get; }

    private static string Format(ZooKeeperError error, string? path, string? detail)
    {
        var text = path is null ? error.Name() : $"{error.Name()} for {path}";
        return detail is null ? text : $"{text}: {detail}";
    }
}
