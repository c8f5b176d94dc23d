namespace KafkaUpgrade.Cli.Rehearsal;

/// <summary>How to run this CLI again as a child process (a worker, or the command a simulate hook calls).</summary>
internal static class CliCommandLine
{
    /// <summary>The executable and the arguments before the command: <c>dotnet kafka-upgrade.dll</c> under the dotnet host (run, test, tool), else this executable.</summary>
    public static (string Host, IReadOnlyList<string> Prefix) Current()
    {
        var cli = typeof(CliApplication).Assembly.Location;
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h
            : Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p
            : "dotnet";
        return (host, [cli]);
    }
}
