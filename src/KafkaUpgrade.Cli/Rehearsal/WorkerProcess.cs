using System.Diagnostics;

namespace KafkaUpgrade.Cli.Rehearsal;

/// <summary>
/// A <c>kafka-upgrade worker</c> child process with its clusters from a configuration file (the <c>kafka</c> binding of
/// a cluster served over Kafka's protocol): what chaos kills with SIGKILL and starts again, as a crashed worker host
/// would be restarted by its supervisor.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private StreamWriter? _log;

    private WorkerProcess(Process process)
    {
        _process = process;

        // KAFKA_UPGRADE_WORKER_LOG_DIR keeps each worker process's whole log (worker-PID.log), for a diagnosis.
        if (Environment.GetEnvironmentVariable("KAFKA_UPGRADE_WORKER_LOG_DIR") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            _log = new StreamWriter(Path.Combine(dir, $"worker-{process.Id}.log")) { AutoFlush = true };
        }

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

    /// <summary>Starts a worker polling <paramref name="taskQueue"/> at <paramref name="address"/> for the clusters of <paramref name="configFile"/>.</summary>
    public static WorkerProcess Start(string address, string taskQueue, string configFile)
    {
        var (host, prefix) = CliCommandLine.Current();
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in prefix.Concat(["worker", "--address", address, "--task-queue", taskQueue, "--config", configFile]))
        {
            start.ArgumentList.Add(arg);
        }

        return new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {host} {string.Join(' ', prefix)} worker"));
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
        lock (_tail)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _log?.WriteLine(line);
            _tail.Enqueue(line);
            while (_tail.Count > 20)
            {
                _tail.Dequeue();
            }
        }
    }
}
