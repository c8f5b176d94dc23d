using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using KafkaUpgrade.Core.ServerProperties;
using Serilog;

namespace KafkaUpgrade.Provisioning.Hooks;

/// <summary>One command to run for one node.</summary>
internal sealed record HookInvocation(
    HookAction Action,
    int NodeId,
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    TimeSpan Timeout,
    IReadOnlyList<string> Secrets);

/// <summary>What a finished command left: its exit code, stdout (bounded) and the last stderr lines, redacted.</summary>
internal sealed record HookResult(int ExitCode, string Stdout, IReadOnlyList<string> StderrTail, TimeSpan Elapsed);

/// <summary>
/// Runs hook commands: no shell in between, stdin closed, stdout and stderr read line by line into structured logs
/// (redacted), progress reported for every line and every <c>ProgressIntervalSeconds</c> of silence, and on timeout
/// or cancellation the whole process tree killed (<see cref="Process.Kill(bool)"/>), so a hung <c>ssh</c> or
/// <c>ansible-playbook</c> does not outlive its call.
/// </summary>
internal sealed partial class HookRunner(HookProvisionerOptions options, ILogger logger, IProgress<HookProgress>? progress)
{
    private const int MaxStdoutBytes = 1 << 20;
    private const int TailLines = 20;

    public async Task<HookResult> RunAsync(HookInvocation invocation, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(invocation.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in invocation.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in invocation.Environment)
        {
            start.Environment[key] = value;
        }

        var log = logger.ForContext("ClusterId", options.ClusterId).ForContext("NodeId", invocation.NodeId).ForContext("HookAction", invocation.Action);
        using var process = new Process { StartInfo = start };
        var clock = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            throw Failed(invocation, $"could not start '{invocation.FileName}': {e.Message}");
        }

        // A describe runs for every node each time the workflows look at the cluster: Debug, as its output is.
        var level = invocation.Action == HookAction.Describe ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Information;
        log.Write(level, "Hook {HookAction} for node {NodeId} started: {Command} (pid {Pid}, timeout {TimeoutSeconds} s)",
            invocation.Action, invocation.NodeId, invocation.FileName, process.Id, (int)invocation.Timeout.TotalSeconds);
        process.StandardInput.Close();
        string? last = null;
        void Report(string? line)
        {
            if (line is not null)
            {
                Volatile.Write(ref last, line);
            }

            progress?.Report(new HookProgress(options.ClusterId, invocation.NodeId, invocation.Action, clock.Elapsed, Volatile.Read(ref last)));
        }

        Report(null);
        var stdout = new StringBuilder();
        var stdoutTruncated = false;
        var stderr = new Queue<string>();
        var readOut = PumpAsync(process.StandardOutput, line =>
        {
            if (stdout.Length + line.Length < MaxStdoutBytes)
            {
                stdout.Append(line).Append('\n');
            }
            else
            {
                stdoutTruncated = true;
            }

            var safe = Redact(line, invocation.Secrets);

            // Describe runs at every poll and prints JSON for the provisioner, not news for an operator.
            log.Write(invocation.Action == HookAction.Describe ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Information,
                "Hook {HookAction} node {NodeId} stdout: {Line}", invocation.Action, invocation.NodeId, safe);
            Report(safe);
        });
        var readErr = PumpAsync(process.StandardError, line =>
        {
            var safe = Redact(line, invocation.Secrets);
            lock (stderr)
            {
                stderr.Enqueue(safe);
                while (stderr.Count > TailLines)
                {
                    stderr.Dequeue();
                }
            }

            log.Warning("Hook {HookAction} node {NodeId} stderr: {Line}", invocation.Action, invocation.NodeId, safe);
            Report(safe);
        });

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(invocation.Timeout);
        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var beats = BeatAsync(() => Report(null), TimeSpan.FromSeconds(options.ProgressIntervalSeconds), heartbeat.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process, log, invocation);
            await DrainAsync(readOut, readErr).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw Failed(invocation, $"did not finish within {invocation.Timeout.TotalSeconds:0} s and was killed with its child processes", timedOut: true, stderr: Tail(stderr));
        }
        finally
        {
            await heartbeat.CancelAsync().ConfigureAwait(false);
            await beats.ConfigureAwait(false);
        }

        // A daemon the hook started may keep the pipes open: do not wait for it forever.
        await DrainAsync(readOut, readErr).ConfigureAwait(false);
        if (stdoutTruncated)
        {
            log.Warning("Hook {HookAction} node {NodeId} printed more than {Limit} bytes; the rest was dropped", invocation.Action, invocation.NodeId, MaxStdoutBytes);
        }

        log.Write(level, "Hook {HookAction} for node {NodeId} exited with {ExitCode} after {ElapsedMs} ms", invocation.Action, invocation.NodeId, process.ExitCode, clock.ElapsedMilliseconds);
        return new HookResult(process.ExitCode, stdout.ToString(), Tail(stderr), clock.Elapsed);
    }

    /// <summary>A line with every known secret value, and the value of any secret-looking <c>key=value</c>, replaced.</summary>
    internal static string Redact(string line, IReadOnlyList<string> secrets)
    {
        var text = SecretProperties.RedactValues(line, secrets);
        return KeyValue().Replace(text, m => SecretProperties.IsSecret(m.Groups["key"].Value) ? $"{m.Groups["key"].Value}{m.Groups["sep"].Value}{SecretProperties.Redacted}" : m.Value);
    }

    internal HookFailedException Failed(HookInvocation invocation, string problem, int? exitCode = null, bool timedOut = false, IReadOnlyList<string>? stderr = null) =>
        new(options.ClusterId, invocation.NodeId, invocation.Action, problem, exitCode, timedOut, stderr);

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                onLine(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The process was killed under us.
        }
    }

    private static async Task DrainAsync(Task readOut, Task readErr)
    {
        await Task.WhenAny(Task.WhenAll(readOut, readErr), Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
    }

    private static async Task BeatAsync(Action beat, TimeSpan interval, CancellationToken token)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, token).ConfigureAwait(false);
                beat();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static void Kill(Process process, ILogger log, HookInvocation invocation)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            log.Warning("Hook {HookAction} for node {NodeId} killed with its process tree (pid {Pid})", invocation.Action, invocation.NodeId, process.Id);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static List<string> Tail(Queue<string> stderr)
    {
        lock (stderr)
        {
            return [.. stderr];
        }
    }

    [GeneratedRegex(@"(?<key>[A-Za-z0-9_.\-]+)(?<sep>\s*[=:]\s*)(?<value>\S.*)$")]
    private static partial Regex KeyValue();
}
