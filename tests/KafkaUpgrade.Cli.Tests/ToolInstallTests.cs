using System.Diagnostics;
using System.Text;
using System.Xml.Linq;

namespace KafkaUpgrade.Cli.Tests;

/// <summary>
/// The CLI installs like any .NET tool: `dotnet pack` into a folder, `dotnet tool install --tool-path` from it (the
/// local NuGet copy only, nothing downloaded), and the installed `kafka-upgrade` plans a bundled sample from a
/// directory that is not the repository.
/// </summary>
public sealed class ToolInstallTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"kafka-upgrade-tool-{Guid.NewGuid():N}");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Packed_installed_as_a_tool_it_plans_a_bundled_sample_from_any_directory()
    {
        var repository = RepositoryRoot();
        var project = Path.Combine(repository, "src", "KafkaUpgrade.Cli", "KafkaUpgrade.Cli.csproj");
        var version = XDocument.Load(project).Descendants("Version").Single().Value;
        var packages = Path.Combine(_root, "packages");
        var tools = Path.Combine(_root, "tools");
        var elsewhere = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;

        // The CLI is already built in this test run's configuration (a project reference): pack that build.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var pack = await RunAsync("dotnet", repository, "pack", project, "-c", configuration, "--no-build", "-o", packages);
        Assert.True(pack.ExitCode == 0, $"dotnet pack failed:\n{pack.Output}");
        Assert.True(File.Exists(Path.Combine(packages, $"KafkaUpgrade.Cli.{version}.nupkg")), $"no KafkaUpgrade.Cli.{version}.nupkg in {packages}:\n{pack.Output}");

        var install = await RunAsync("dotnet", elsewhere, "tool", "install", "--tool-path", tools, "--add-source", packages, "KafkaUpgrade.Cli", "--version", version);
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed:\n{install.Output}");
        Assert.Contains("kafka-upgrade", install.Output, StringComparison.Ordinal);

        var tool = Path.Combine(tools, OperatingSystem.IsWindows() ? "kafka-upgrade.exe" : "kafka-upgrade");
        var plan = await RunAsync(tool, elsewhere, "plan", "--snapshot", "samples/small-zk-3.8.json", "--to", "3.9");
        Assert.True(plan.ExitCode == 0, $"kafka-upgrade plan exited {plan.ExitCode}:\n{plan.Output}");
        Assert.Contains("Upgrade plan for cluster small-zk-3-8: Kafka 3.8.1 (ZooKeeper) -> 3.9 (ZooKeeper)", plan.Output, StringComparison.Ordinal);
        Assert.Contains("1. SoftwareUpgrade 3.8.1 -> 3.9", plan.Output, StringComparison.Ordinal);
        Assert.Contains("2. BumpInterBrokerProtocol", plan.Output, StringComparison.Ordinal);

        var missing = await RunAsync(tool, elsewhere, "plan", "--snapshot", "no-such.json", "--to", "3.9");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no-such.json", missing.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var readOut = Task.Run(async () => output.Append(await process.StandardOutput.ReadToEndAsync()));
        var readErr = Task.Run(async () => output.Append(await process.StandardError.ReadToEndAsync()));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within 8 minutes");
        }

        await Task.WhenAll(readOut, readErr);
        return (process.ExitCode, output.ToString());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KafkaUpgradeTemporal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
