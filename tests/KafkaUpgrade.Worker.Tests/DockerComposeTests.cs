using YamlDotNet.RepresentationModel;

namespace KafkaUpgrade.Worker.Tests;

/// <summary>
/// No Docker engine runs in the build environment, so the compose file's structure is checked instead: it parses,
/// names the services and ports an operator relies on, registers every search attribute the workflows upsert,
/// and runs the worker from its image (built from workers/KafkaUpgrade.Worker/Dockerfile), not from the sources.
/// </summary>
public class DockerComposeTests
{
    private static readonly YamlMappingNode Services = Load();

    [Fact]
    public void It_names_a_real_temporal_with_persistence_the_ui_the_registration_and_the_worker()
    {
        var names = Services.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToList();
        Assert.Equal(["postgresql", "temporal", "register-search-attributes", "temporal-ui", "worker"], names);
        Assert.StartsWith("temporalio/auto-setup:", Scalar(Service("temporal"), "image"), StringComparison.Ordinal);
        Assert.StartsWith("temporalio/ui:", Scalar(Service("temporal-ui"), "image"), StringComparison.Ordinal);
        Assert.StartsWith("postgres:", Scalar(Service("postgresql"), "image"), StringComparison.Ordinal);
        Assert.Equal("postgres12", Scalar((YamlMappingNode)Service("temporal")["environment"], "DB"));
    }

    [Fact]
    public void Temporal_listens_on_7233_and_the_ui_on_8080()
    {
        Assert.Contains("7233:7233", Ports("temporal"));
        Assert.Contains("8080:8080", Ports("temporal-ui"));
    }

    [Fact]
    public void Every_search_attribute_the_workflows_upsert_is_registered_as_a_keyword()
    {
        var command = string.Join(" ", ((YamlSequenceNode)Service("register-search-attributes")["command"]).Children.Select(c => ((YamlScalarNode)c).Value));
        foreach (var attribute in Workflows.Support.UpgradeSearchAttributes.All)
        {
            Assert.Contains($"temporal operator search-attribute create --namespace default --name {attribute.Name} --type Keyword", command, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_worker_waits_for_the_registration_and_points_at_the_temporal_service()
    {
        var worker = Service("worker");
        var environment = (YamlMappingNode)worker["environment"];
        Assert.Equal("temporal:7233", Scalar(environment, "Temporal__Address"));
        Assert.Equal(Composition.WorkerComposition.DefaultTaskQueue, Scalar(environment, "Temporal__TaskQueue"));
        var dependsOn = (YamlMappingNode)worker["depends_on"];
        Assert.Equal("service_completed_successfully", Scalar((YamlMappingNode)dependsOn["register-search-attributes"], "condition"));
    }

    [Fact]
    public void The_worker_is_built_from_its_dockerfile_not_run_from_the_source_tree()
    {
        var worker = Service("worker");
        var build = (YamlMappingNode)worker["build"];
        Assert.Equal(".", Scalar(build, "context"));
        Assert.Equal("workers/KafkaUpgrade.Worker/Dockerfile", Scalar(build, "dockerfile"));
        Assert.True(File.Exists(Path.Combine(RepositoryRoot(), "workers", "KafkaUpgrade.Worker", "Dockerfile")), "the Dockerfile the compose file builds exists");
        var keys = worker.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToList();
        Assert.DoesNotContain("volumes", keys);
        Assert.DoesNotContain("working_dir", keys);
        Assert.DoesNotContain("command", keys);
        Assert.DoesNotContain("dotnet/sdk", worker.Children.TryGetValue(new YamlScalarNode("image"), out var image) ? ((YamlScalarNode)image).Value! : "", StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KafkaUpgradeTemporal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(AppContext.BaseDirectory, "docker-compose.temporal.yml"));
        yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return (YamlMappingNode)root["services"];
    }

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services[name];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static List<string> Ports(string service) =>
        [.. ((YamlSequenceNode)Service(service)["ports"]).Children.Select(p => ((YamlScalarNode)p).Value!)];
}
