using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Connection;
using KafkaUpgrade.Kafka.Identity;

namespace KafkaUpgrade.Kafka.Tests;

public sealed class CommandConfigTests
{
    [Fact]
    public void Reads_a_sasl_ssl_command_config_as_kafka_tools_take_it()
    {
        var dir = Directory.CreateTempSubdirectory();
        File.WriteAllText(Path.Combine(dir.FullName, "ca.pem"), "pem");
        var properties = CommandConfig.ParseProperties("""
            # admin client
            bootstrap.servers=k1:9093,k2:9093
            security.protocol=SASL_SSL
            sasl.mechanism=SCRAM-SHA-512
            sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \
                username="admin" password="s3cr\"et";
            ssl.truststore.type=PEM
            ssl.truststore.location=ca.pem
            """);

        var options = CommandConfig.ToOptions(properties, null, ["c1:9094"], dir.FullName);

        Assert.Equal(["k1:9093", "k2:9093"], options.BootstrapServers);
        Assert.Equal(["c1:9094"], options.BootstrapControllers);
        Assert.Equal(SecurityProtocol.SaslSsl, options.Protocol);
        Assert.Equal(SaslMechanism.ScramSha512, options.Mechanism);
        Assert.Equal("admin", options.Username);
        Assert.Equal("s3cr\\\"et", options.Password);
        Assert.Equal(Path.Combine(dir.FullName, "ca.pem"), options.CaFile);
        Assert.DoesNotContain("s3cr", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_jks_trust_store_is_refused_naming_the_key()
    {
        var properties = CommandConfig.ParseProperties("security.protocol=SSL\nssl.truststore.location=/x.jks\n");
        var error = Assert.Throws<FormatException>(() => CommandConfig.ToOptions(properties, ["k:9093"], null, "/"));
        Assert.Contains("ssl.truststore.type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sasl_without_credentials_and_a_bad_endpoint_are_refused()
    {
        Assert.Throws<ArgumentException>(() => CommandConfig.ToOptions(CommandConfig.ParseProperties("security.protocol=SASL_PLAINTEXT"), ["k:9092"], null, "/"));
        Assert.Throws<ArgumentException>(() => CommandConfig.ToOptions(CommandConfig.ParseProperties(string.Empty), ["k9092"], null, "/"));
    }

    [Fact]
    public void A_binding_that_reaches_another_cluster_is_refused_naming_both_ids()
    {
        ClusterIdentity.Verify("prod", "abc", "abc", "k:9092");
        ClusterIdentity.Verify("prod", null, "anything", "k:9092");

        var error = Assert.Throws<KafkaApiException>(() => ClusterIdentity.Verify("prod", "abc", "xyz", "k:9092"));

        Assert.Equal("INCONSISTENT_CLUSTER_ID", error.Error.Name);
        Assert.Contains("'abc'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'xyz'", error.Message, StringComparison.Ordinal);
    }
}
