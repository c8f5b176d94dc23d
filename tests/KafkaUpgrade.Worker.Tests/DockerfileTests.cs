namespace KafkaUpgrade.Worker.Tests;

/// <summary>
/// The worker's Dockerfile cannot be built here (no Docker engine), so its structure is checked: a multi-stage
/// build (SDK to publish, a runtime-only image to run), a non-root user, configuration by environment and an
/// exec-form entry point running the published worker.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly IReadOnlyList<Instruction> Instructions = Parse(File.ReadAllText(Path.Combine(DockerComposeTests.RepositoryRoot(), "workers", "KafkaUpgrade.Worker", "Dockerfile")));

    [Fact]
    public void It_builds_with_the_sdk_and_runs_on_a_runtime_image_without_it()
    {
        var stages = Instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments).ToList();
        Assert.Equal(2, stages.Count);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0 AS build", stages[0]);
        Assert.StartsWith("mcr.microsoft.com/dotnet/runtime:10.0", stages[1], StringComparison.Ordinal);
        Assert.Contains(Build, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish workers/KafkaUpgrade.Worker/KafkaUpgrade.Worker.csproj", StringComparison.Ordinal) && i.Arguments.Contains("--configuration Release", StringComparison.Ordinal));
        Assert.Contains(Final, i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=build /app", StringComparison.Ordinal));
        Assert.DoesNotContain(Final, i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--from=", StringComparison.Ordinal));
    }

    [Fact]
    public void The_final_stage_runs_as_a_non_root_user()
    {
        var users = Final.Where(i => i.Keyword == "USER").Select(i => i.Arguments).ToList();
        var user = Assert.Single(users);
        Assert.DoesNotContain(user, new[] { "root", "0", "0:0", "root:root" });
        var entry = Final.FindIndex(i => i.Keyword == "ENTRYPOINT");
        Assert.True(Final.FindIndex(i => i.Keyword == "USER") < entry, "USER comes before ENTRYPOINT");
    }

    [Fact]
    public void The_entry_point_runs_the_published_worker_and_is_configured_by_environment()
    {
        var entry = Assert.Single(Final, i => i.Keyword == "ENTRYPOINT");
        Assert.Equal("""["dotnet", "KafkaUpgrade.Worker.dll"]""", entry.Arguments);
        var env = string.Join(" ", Final.Where(i => i.Keyword == "ENV").Select(i => i.Arguments));
        Assert.Contains("Temporal__Address=", env, StringComparison.Ordinal);
        Assert.Contains("Temporal__TaskQueue=kafka-upgrade", env, StringComparison.Ordinal);
        Assert.Contains(Final, i => i.Keyword == "WORKDIR" && i.Arguments == "/app");
    }

    private static List<Instruction> Build => [.. Instructions.TakeWhile((_, n) => n <= LastFrom - 1)];

    private static List<Instruction> Final => [.. Instructions.Skip(LastFrom)];

    private static int LastFrom => Instructions.Select((i, n) => (i, n)).Last(x => x.i.Keyword == "FROM").n;

    private static List<Instruction> Parse(string text)
    {
        // Dockerfile syntax: comments start a line with #, a trailing backslash continues the instruction.
        var instructions = new List<Instruction>();
        var pending = "";
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var full = (pending + line).Trim();
            pending = "";
            var space = full.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add(new Instruction(full[..space].ToUpperInvariant(), full[(space + 1)..].Trim()));
        }

        return instructions;
    }

    private sealed record Instruction(string Keyword, string Arguments);
}
