using System.Diagnostics;

namespace KafkaUpgrade.Cli.Rehearsal;

/// <summary>
/// A <c>kafka-upgrade worker</c> child process bound to a remote simulator: what chaos kills with SIGKILL and
/// starts again, as a crashed worker host would be restarted by its supervisor.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private WorkerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Process id.</summary>
    public int Id => _process.Id;

    /// <summary>The last lines it printed (for a diagnosis when something goes wrong).</summary>
    public IReadOnlyList<string> Tail
    {
        get
        {
            lock (_tail)
            {
                return [.. _tail];
            }
        }
    }

    /// <summary>Starts a worker polling <paramref name="taskQueue"/> at <paramref name="address"/> for cluster <paramref name="clusterId"/> served at <paramref name="simulator"/>.</summary>
    public static WorkerProcess Start(string address, string taskQueue, string clusterId, Uri simulator)
    {
        var cli = typeof(CliApplication).Assembly.Location;
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h
            : Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p
            : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { cli, "worker", "--address", address, "--task-queue", taskQueue, "--remote-cluster", $"{clusterId}={simulator}" })
        {
            start.ArgumentList.Add(arg);
        }

        return new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {host} {cli} worker"));
    }

    /// <summary>SIGKILL: no shutdown hook runs, in-flight tasks are simply abandoned.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>Kills it if still running.</summary>
    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 20)
            {
                _tail.Dequeue();
            }
        }
    }
}
