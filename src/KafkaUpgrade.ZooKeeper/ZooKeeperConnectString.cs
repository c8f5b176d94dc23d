using System.Globalization;

namespace KafkaUpgrade.ZooKeeper;

/// <summary>One ZooKeeper server address.</summary>
/// <param name="Host">Host name or IP address.</param>
/// <param name="Port">Client port.</param>
public sealed record ZooKeeperEndpoint(string Host, int Port)
{
    /// <inheritdoc />
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}

/// <summary>
/// A connect string as Kafka's <c>zookeeper.connect</c> and ZooKeeper's own client take it:
/// <c>host1:port1,host2:port2/chroot</c>. The chroot applies to every path the client sends and is stripped from
/// paths it returns (ZooKeeper's <c>ConnectStringParser</c>: the port defaults to 2181, the chroot must be an
/// absolute path and "/" means none).
/// </summary>
/// <param name="Servers">The servers, tried in order.</param>
/// <param name="Chroot">The chroot without a trailing slash, or null.</param>
public sealed record ZooKeeperConnectString(IReadOnlyList<ZooKeeperEndpoint> Servers, string? Chroot)
{
    /// <summary>ZooKeeper's default client port.</summary>
    public const int DefaultPort = 2181;

    /// <summary>Parses <paramref name="value"/>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static ZooKeeperConnectString Parse(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new FormatException("ZooKeeper connect string is empty; expected host:port[,host:port...][/chroot]");
        }

        var text = value.Trim();
        string? chroot = null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            chroot = text[slash..].TrimEnd('/');
            text = text[..slash];
            if (chroot.Length == 0)
            {
                chroot = null;
            }
            else
            {
                ZooKeeperPaths.Validate(chroot);
            }
        }

        var servers = new List<ZooKeeperEndpoint>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            servers.Add(ParseServer(part, value));
        }

        if (servers.Count == 0)
        {
            throw new FormatException($"ZooKeeper connect string '{value}' names no server; expected host:port[,host:port...][/chroot]");
        }

        return new ZooKeeperConnectString(servers, chroot);
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(",", Servers) + (Chroot ?? string.Empty);

    private static ZooKeeperEndpoint ParseServer(string part, string whole)
    {
        string host;
        string? port = null;
        if (part.StartsWith('['))
        {
            var close = part.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"ZooKeeper connect string '{whole}': unterminated IPv6 address '{part}'");
            }

            host = part[1..close];
            if (close + 1 < part.Length)
            {
                if (part[close + 1] != ':')
                {
                    throw new FormatException($"ZooKeeper connect string '{whole}': expected ':' after '{part[..(close + 1)]}'");
                }

                port = part[(close + 2)..];
            }
        }
        else
        {
            var colon = part.LastIndexOf(':');
            host = colon < 0 ? part : part[..colon];
            port = colon < 0 ? null : part[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            throw new FormatException($"ZooKeeper connect string '{whole}': empty host in '{part}'");
        }

        var number = DefaultPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
        {
            throw new FormatException($"ZooKeeper connect string '{whole}': '{port}' is not a port (1-65535)");
        }

        return new ZooKeeperEndpoint(host, number);
    }
}

/// <summary>Path rules ZooKeeper enforces (<c>PathUtils.validatePath</c>), checked before anything is sent.</summary>
public static class ZooKeeperPaths
{
    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="path"/> is an absolute path ZooKeeper accepts.</summary>
    public static void Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string? problem = path switch
        {
            "" => "is empty",
            _ when path[0] != '/' => "must start with '/'",
            "/" => null,
            _ when path.EndsWith('/') => "must not end with '/'",
            _ when path.Contains("//", StringComparison.Ordinal) => "contains an empty element",
            _ when path.Split('/').Skip(1).Any(e => e is "." or "..") => "contains a relative element ('.' or '..')",
            _ when path.Any(c => c == '\0' || char.IsControl(c)) => "contains a control character",
            _ => null,
        };
        if (problem is not null)
        {
            throw new ArgumentException($"ZooKeeper path '{path}' {problem}", nameof(path));
        }
    }

    /// <summary>The parent of an absolute path ("/" for a top-level node).</summary>
    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    /// <summary>Joins a parent and a child name.</summary>
    public static string Combine(string parent, string child) => parent == "/" ? "/" + child : parent + "/" + child;
}
