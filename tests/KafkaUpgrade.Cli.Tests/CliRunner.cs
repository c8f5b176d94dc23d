using KafkaUpgrade.Cli;

namespace KafkaUpgrade.Cli.Tests;

/// <summary>Runs the real entry point with captured output.</summary>
internal static class CliRunner
{
    public static string Sample => Path.Combine(AppContext.BaseDirectory, "samples", "small-zk-3.8.json");

    /// <summary>A command that runs until cancelled (server, worker), with output readable while it runs.</summary>
    public static RunningCommand Start(params string[] args) => new(args);

    public static async Task<(int ExitCode, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}

/// <summary>A long-running command: its exit code once cancelled, its output so far at any time.</summary>
internal sealed class RunningCommand : IAsyncDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TextWriter _outSync;
    private readonly TextWriter _errSync;

    public RunningCommand(string[] args)
    {
        // Synchronized writers lock on themselves, so reading under the same lock sees whole lines.
        _outSync = TextWriter.Synchronized(_out);
        _errSync = TextWriter.Synchronized(_err);
        Exit = Task.Run(() => CliApplication.RunAsync(args, _outSync, _errSync, _stop.Token));
    }

    public Task<int> Exit { get; }

    public string Out
    {
        get
        {
            lock (_outSync)
            {
                return _out.ToString();
            }
        }
    }

    public string Err
    {
        get
        {
            lock (_errSync)
            {
                return _err.ToString();
            }
        }
    }

    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await Exit;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Exit.IsCompleted)
        {
            await _stop.CancelAsync();
            try
            {
                await Exit;
            }
            catch (OperationCanceledException)
            {
                // Cancelled on purpose.
            }
        }

        _stop.Dispose();
        _out.Dispose();
        _err.Dispose();
    }
}
