using System.Diagnostics;
using KafkaUpgrade.EmbeddedTemporal.TestWorker;

namespace KafkaUpgrade.EmbeddedTemporal.Tests;

/// <summary>The test worker as a separate OS process, killable with SIGKILL.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process process;

    private WorkerProcess(Process process) => this.process = process;

    public static WorkerProcess Start(string address, string queue)
    {
        var dll = WorkerDll();
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, address, queue },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the test worker");
        process.OutputDataReceived += (_, _) => { };
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
