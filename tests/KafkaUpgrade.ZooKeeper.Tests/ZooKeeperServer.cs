using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KafkaUpgrade.ZooKeeper.Tests;

/// <summary>
/// The real ZooKeeper the tests talk to: the one .ci/setup.d/10-zookeeper.sh started (KAFKA_UPGRADE_ZOOKEEPER), or,
/// when that is unset, one started here the same way from the Debian package's jars (so `dotnet test` works on a
/// developer machine), stopped when the tests end.
/// </summary>
public sealed class ZooKeeperServer : IDisposable
{
    public const string EnvironmentVariable = "KAFKA_UPGRADE_ZOOKEEPER";
    private const string Jar = "/usr/share/java/zookeeper.jar";
    private readonly Process? _process;
    private readonly string? _directory;

    public ZooKeeperServer()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            Address = configured.Trim();
            return;
        }

        if (SkipReason is not null)
        {
            return;
        }

        _directory = Path.Combine(Path.GetTempPath(), $"zk-tests-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(_directory, "data"));
        var port = FreePort();
        var config = Path.Combine(_directory, "zoo.cfg");
        File.WriteAllText(config, $"""
            tickTime=500
            dataDir={Path.Combine(_directory, "data")}
            clientPort={port}
            clientPortAddress=127.0.0.1
            maxClientCnxns=0
            admin.enableServer=false
            4lw.commands.whitelist=ruok,srvr
            """);
        var start = new ProcessStartInfo("java") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-Xmx256m", $"-Dzookeeper.log.dir={_directory}", "-cp", Jar, "org.apache.zookeeper.server.ZooKeeperServerMain", config })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("java did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Address = $"127.0.0.1:{port}";
        WaitUntilAnswering(port);
    }

    /// <summary>Why the ZooKeeper tests cannot run here, or null when they can.</summary>
    public static string? SkipReason =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EnvironmentVariable)) ? null
        : !File.Exists(Jar) ? $"no ZooKeeper: {EnvironmentVariable} is unset and the Debian package's {Jar} is missing (apt-get install zookeeper, or run .ci/setup.d/10-zookeeper.sh)"
        : !OnPath("java") ? $"no ZooKeeper: {EnvironmentVariable} is unset and java is not on PATH to start {Jar}"
        : null;

    /// <summary>host:port of the server.</summary>
    public string Address { get; } = string.Empty;

    public void Dispose()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
        }

        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private void WaitUntilAnswering(int port)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"ZooKeeper exited with {_process.ExitCode} before answering on 127.0.0.1:{port}");
            }

            try
            {
                using var tcp = new TcpClient();
                tcp.Connect(IPAddress.Loopback, port);
                // ruok says imok before the server takes sessions; srvr prints "Mode:" only once it serves requests.
                tcp.GetStream().Write("srvr"u8);
                tcp.ReceiveTimeout = 1000;
                using var reader = new StreamReader(tcp.GetStream(), Encoding.ASCII);
                if (reader.ReadToEnd().Contains("Mode:", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }
            catch (IOException)
            {
            }

            Thread.Sleep(200);
        }

        throw new TimeoutException($"ZooKeeper did not serve requests (srvr) on 127.0.0.1:{port} within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(dir => File.Exists(Path.Combine(dir, program)));
}

[CollectionDefinition(Name)]
public sealed class ZooKeeperCollection : ICollectionFixture<ZooKeeperServer>
{
    public const string Name = "zookeeper";
}

/// <summary>A test that needs the real server: skipped, saying why, when none can be had.</summary>
public sealed class ZooKeeperFactAttribute : FactAttribute
{
    public ZooKeeperFactAttribute()
    {
        if (ZooKeeperServer.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
