using System.Diagnostics;
using System.Text.Json;

namespace KafkaUpgrade.EmbeddedTemporal.Tests.TypeScript;

/// <summary>
/// Runs a script of tests/temporal-ts (the Temporal TypeScript SDK, installed by .ci/setup.d/30-temporal-ts.sh with
/// `npm ci`) with `node` and returns the JSON line it prints.
/// </summary>
internal static class NodeScript
{
    public static string ProjectDir
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "temporal-ts");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("tests/temporal-ts not found above " + AppContext.BaseDirectory);
        }
    }

    public static async Task<JsonElement> RunAsync(string script, params string[] args)
    {
        var dir = ProjectDir;
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "@temporalio", "worker")))
        {
            throw new InvalidOperationException($"The TypeScript SDK is not installed: run `npm ci` in {dir} (.ci/setup.d/30-temporal-ts.sh does it in CI).");
        }

        var info = new ProcessStartInfo("node") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine("src", script));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start node");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} {string.Join(' ', args)} did not finish: {await stderr}");
        }

        var line = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        JsonElement json;
        try
        {
            json = JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"node {script} printed no JSON (exit {process.ExitCode}): {line}\n{await stderr}");
        }

        if (!json.GetProperty("ok").GetBoolean())
        {
            throw new InvalidOperationException($"node {script} {string.Join(' ', args)} failed: {json.GetProperty("error").GetString()}\n{await stderr}");
        }

        return json;
    }
}
