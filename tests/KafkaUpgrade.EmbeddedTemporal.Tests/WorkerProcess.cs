using System.Diagnostics;
using KafkaUpgrade.EmbeddedTemporal.TestWorker;

namespace KafkaUpgrade.EmbeddedTemporal.Tests;

/// <summary>The test worker as a separate OS process, killable with SIGKILL.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process process;

    private WorkerProcess(Process process) => this.process = process;

    public static WorkerProcess Start(string address, string queue) => Run(address, queue);

    /// <summary>The embedded server in its own process on a loopback port, persisted to <paramref name="db"/>; returns once it listens.</summary>
    public static async Task<WorkerProcess> StartServerAsync(int port, string db)
    {
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = Run(args: ["server", port.ToString(System.Globalization.CultureInfo.InvariantCulture), db], onOutput: line =>
        {
            if (line?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        });
        await listening.Task.WaitAsync(TimeSpan.FromMinutes(1));
        return server;
    }

    private static WorkerProcess Run(params string[] args) => Run(args, _ => { });

    private static WorkerProcess Run(string[] args, Action<string?> onOutput)
    {
        var dll = WorkerDll();
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the test worker");
        process.OutputDataReceived += (_, e) => onOutput(e.Data);
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process);
    }

    /// <summary>
    /// The worker's own build output: its deps.json resolves its dependencies, which the copy next to the tests
    /// (resolved against the test project's versions) does not.
    /// </summary>
    private static string WorkerDll()
    {
        var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testDir.Name;
        var configuration = testDir.Parent!.Name;
        var testsRoot = testDir.Parent.Parent!.Parent!.Parent!.FullName;
        var name = typeof(CrashWorkflow).Assembly.GetName().Name!;
        var own = Path.Combine(testsRoot, name, "bin", configuration, framework, name + ".dll");
        return File.Exists(own) ? own : typeof(CrashWorkflow).Assembly.Location;
    }

    /// <summary>SIGKILL: no graceful shutdown, no ShutdownWorker call.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }
}
