using System.Diagnostics;

namespace KafkaUpgrade.Cli.Rehearsal;

/// <summary>
/// This CLI run again as a child process of a rehearsal over the wire: a <c>kafka-upgrade worker</c> with its
/// clusters from a configuration file (what chaos kills with SIGKILL and starts again, as a crashed worker host would
/// be restarted by its supervisor), or the <c>kafka-upgrade simulate</c> process serving the cluster.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly List<(string Prefix, TaskCompletionSource<string> Line)> _awaited = [];
    private StreamWriter? _log;

    private CliProcess(Process process, string name)
    {
        _process = process;
        Name = name;

        // KAFKA_UPGRADE_WORKER_LOG_DIR keeps each child process's whole log (worker-PID.log, simulate-PID.log), for a diagnosis.
        if (Environment.GetEnvironmentVariable("KAFKA_UPGRADE_WORKER_LOG_DIR") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            _log = new StreamWriter(Path.Combine(dir, $"{name}-{process.Id}.log")) { AutoFlush = true };
        }

        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => FailAwaited();

        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Process id.</summary>
    public int Id => _process.Id;

    /// <summary>The command it runs (worker, simulate).</summary>
    public string Name { get; }

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
    public static CliProcess StartWorker(string address, string taskQueue, string configFile) =>
        Start(["worker", "--address", address, "--task-queue", taskQueue, "--config", configFile]);

    /// <summary>Starts <c>kafka-upgrade</c> with <paramref name="arguments"/> (the first is the command).</summary>
    public static CliProcess Start(IReadOnlyList<string> arguments)
    {
        var (host, prefix) = CliCommandLine.Current();
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in prefix.Concat(arguments))
        {
            start.ArgumentList.Add(arg);
        }

        return new CliProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {host} {string.Join(' ', prefix)} {arguments[0]}"), arguments[0]);
    }

    /// <summary>
    /// The rest of the first line printed from now on that starts with <paramref name="prefix"/> (a banner line such
    /// as <c>control: </c>); fails with the process's last lines if it exits first or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var line = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_tail)
        {
            _awaited.Add((prefix, line));
        }

        if (_process.HasExited)
        {
            FailAwaited();
        }

        try
        {
            return await line.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"kafka-upgrade {Name} printed no '{prefix.Trim()}' line within {timeout.TotalSeconds:0} s; its last lines: {string.Join(" | ", Tail)}");
        }
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

            foreach (var awaited in _awaited.Where(a => line.StartsWith(a.Prefix, StringComparison.Ordinal)).ToList())
            {
                _awaited.Remove(awaited);
                awaited.Line.TrySetResult(line[awaited.Prefix.Length..].Trim());
            }
        }
    }

    private void FailAwaited()
    {
        lock (_tail)
        {
            foreach (var (prefix, line) in _awaited)
            {
                line.TrySetException(new InvalidOperationException($"kafka-upgrade {Name} exited before printing '{prefix.Trim()}'; its last lines: {string.Join(" | ", _tail)}"));
            }

            _awaited.Clear();
        }
    }
}
