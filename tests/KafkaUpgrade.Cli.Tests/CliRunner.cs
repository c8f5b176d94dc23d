using KafkaUpgrade.Cli;

namespace KafkaUpgrade.Cli.Tests;

/// <summary>Runs the real entry point with captured output.</summary>
internal static class CliRunner
{
    public static string Sample => Path.Combine(AppContext.BaseDirectory, "samples", "small-zk-3.8.json");

    public static async Task<(int ExitCode, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
