using KafkaUpgrade.Kafka.Admin;
using KafkaUpgrade.Worker.Composition;
using KafkaUpgrade.Worker.Hosting;
using Microsoft.Extensions.Configuration;

namespace KafkaUpgrade.Worker.Tests;

/// <summary>The <c>kafka</c> binding as an operator writes it in appsettings.json, and what a bad one says.</summary>
public sealed class KafkaBindingTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kafka-binding-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string File(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private List<ClusterSettings> Bind(Dictionary<string, string?> overrides)
    {
        var values = new Dictionary<string, string?>
        {
            ["Clusters:0:Id"] = "prod-eu-1",
            ["Clusters:0:Adapter"] = "kafka",
            ["Clusters:0:Kafka:BootstrapServers"] = "127.0.0.1:1,127.0.0.1:2",
            ["Clusters:0:Kafka:BootstrapControllers"] = "127.0.0.1:3",
            ["Clusters:0:Kafka:ExpectedClusterId"] = "Sfr7YvlkRHSHrmSrwq9mug",
            ["Clusters:0:Kafka:SecurityProtocol"] = "SASL_SSL",
            ["Clusters:0:Kafka:SaslMechanism"] = "SCRAM-SHA-512",
            ["Clusters:0:Kafka:Username"] = "kafka-upgrade",
            ["Clusters:0:Kafka:PasswordFile"] = File("password", "s3cret\n"),
            ["Clusters:0:Kafka:CaFile"] = File("ca.pem", "-----BEGIN CERTIFICATE-----\n"),
            ["Clusters:0:Metrics:UrlTemplate"] = "http://{host}:7071/metrics",
            ["Clusters:0:Hooks:BrokerTemplateFile"] = File("broker.properties", "listeners=PLAINTEXT://:9092\n"),
            ["Clusters:0:ZooKeeperConnect"] = "127.0.0.1:2181",
        };
        foreach (var action in new[] { "Provision", "Stop", "Start", "Restart", "Decommission", "Describe" })
        {
            values[$"Clusters:0:Hooks:Commands:{action}:Command"] = "/bin/true";
        }

        foreach (var (key, value) in overrides)
        {
            values[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Clusters").Get<List<ClusterSettings>>()!;
    }

    [Fact]
    public async Task A_complete_kafka_binding_binds_without_connecting()
    {
        await using var bindings = ClusterBindings.Start(Bind([]));

        var connection = bindings.Registry.Resolve("prod-eu-1");

        Assert.IsType<KafkaClusterAdmin>(connection.Admin);
        Assert.IsType<Kafka.Versions.VersionCheckingProvisioner>(connection.Provisioner);
        Assert.Equal("Sfr7YvlkRHSHrmSrwq9mug", connection.KafkaClusterId);
    }

    [Theory]
    [InlineData("Clusters:0:Kafka:ExpectedClusterId", "", "Clusters:0:Kafka:ExpectedClusterId is empty")]
    [InlineData("Clusters:0:Kafka:BootstrapServers", "", "Clusters:0:Kafka:BootstrapServers is empty")]
    [InlineData("Clusters:0:Kafka:BootstrapServers", "kafka1", "'kafka1' is not host:port")]
    [InlineData("Clusters:0:Kafka:SecurityProtocol", "TLS", "SecurityProtocol 'TLS' is not one of")]
    [InlineData("Clusters:0:Kafka:SaslMechanism", "GSSAPI", "sasl.mechanism 'GSSAPI' is not one of")]
    [InlineData("Clusters:0:Kafka:PasswordFile", "/nonexistent/password", "Clusters:0:Kafka:PasswordFile '/nonexistent/password' does not exist")]
    [InlineData("Clusters:0:Kafka:CaFile", "/nonexistent/ca.pem", "CA file '/nonexistent/ca.pem' does not exist")]
    [InlineData("Clusters:0:Kafka:CommandConfig", "/nonexistent/admin.properties", "Clusters:0:Kafka:CommandConfig '/nonexistent/admin.properties' does not exist")]
    [InlineData("Clusters:0:Kafka:RequestTimeoutSeconds", "0", "Clusters:0:Kafka:RequestTimeoutSeconds must be 1-600")]
    [InlineData("Clusters:0:Metrics:UrlTemplate", "{host}:7071", "metrics URL template '{host}:7071' does not give an http(s) URL")]
    [InlineData("Clusters:0:Hooks:Commands:Describe:Command", "", "Clusters:0:Hooks:Commands:Describe:Command is empty")]
    [InlineData("Clusters:0:Hooks:BrokerTemplateFile", "/nonexistent/broker.properties", "Clusters:0:Hooks:BrokerTemplateFile '/nonexistent/broker.properties' does not exist")]
    public void A_bad_setting_is_refused_naming_its_key(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ClusterBindings.Start(Bind(new() { [key] = value })));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_from_an_unset_environment_variable_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ClusterBindings.Start(Bind(new() { ["Clusters:0:Kafka:PasswordFile"] = null, ["Clusters:0:Kafka:PasswordEnvironmentVariable"] = "KAFKA_UPGRADE_TEST_UNSET_PASSWORD" })));
        Assert.Contains("Clusters:0:Kafka:PasswordEnvironmentVariable names KAFKA_UPGRADE_TEST_UNSET_PASSWORD, which is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_exits_2_naming_the_key()
    {
        Assert.Equal(WorkerHost.BadConfiguration, await WorkerHost.RunAsync([], new TemporalSettings(), Bind(new() { ["Clusters:0:Kafka:ExpectedClusterId"] = "" })));
        Assert.Equal(WorkerHost.BadConfiguration, await WorkerHost.RunAsync([], new TemporalSettings(), [new ClusterSettings { Id = "c1", Adapter = "kafka" }]));
    }
}
