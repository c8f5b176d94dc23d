using System.Diagnostics;

namespace KafkaUpgrade.Cli.Tests;

/// <summary>
/// Long-running commands stop cleanly on SIGTERM, as a service manager or a test harness stops them: the process is
/// the real `kafka-upgrade` (not the in-process entry point), so the signal goes through the runtime's handlers.
/// </summary>
public sealed class SignalTests
{
    [Theory]
    [InlineData("control:", "simulate", "--snapshot", "samples/small-zk-3.8.json", "--port", "0")]
    [InlineData("listening on", "server", "--port", "0")]
    public async Task Sigterm_stops_a_long_running_command_with_exit_code_0(string readyLine, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kafka-upgrade.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains(readyLine, StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            // Generous bounds: these wait on conditions (the ready line, the exit), they do not time the command.
            await ready.Task.WaitAsync(TimeSpan.FromMinutes(2));
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var exited = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(exited.Token);
            Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}; stderr: {await stderr}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
