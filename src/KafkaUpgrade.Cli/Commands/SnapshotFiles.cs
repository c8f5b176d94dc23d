namespace KafkaUpgrade.Cli.Commands;

/// <summary>
/// Where a <c>--snapshot</c> path points: as given when that file exists, else, for a relative path, the copy that
/// travels with the binary (the samples are bundled next to it, so <c>kafka-upgrade plan --snapshot
/// samples/small-zk-3.8.json</c> works from any directory once installed as a .NET tool).
/// </summary>
internal static class SnapshotFiles
{
    public static string Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path) || Path.IsPathRooted(path))
        {
            return path;
        }

        var bundled = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(bundled) ? bundled : path;
    }
}
