using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Provisioning.Hooks.Tests;

public sealed class DescribeOutputTests
{
    [Fact]
    public void Directory_ids_read_as_kafka_writes_them_in_meta_properties()
    {
        // Kafka's Uuid.toString(): URL-safe base64 of the 16 bytes, most significant first.
        var guid = Guid.Parse("6b1f1a5e-0000-4000-8000-000000000001");
        var kafka = Convert.ToBase64String(guid.ToByteArray(bigEndian: true)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(22, kafka.Length);
        Assert.Equal(guid, DescribeOutput.DirectoryId(kafka));
        Assert.Equal(guid, DescribeOutput.DirectoryId(guid.ToString()));
        Assert.Throws<FormatException>(() => DescribeOutput.DirectoryId("not-an-id"));
    }

    [Fact]
    public void What_the_simulator_prints_and_a_deployed_file_describe_the_same_node()
    {
        // What `kafka-upgrade simulate node describe` prints (its NodeView, web JSON).
        const string simulator = """
            {"nodeId":1,"state":"Running","version":"3.9","roles":"zookeeper","rack":"rack-a","reachable":true,
             "directoryId":"00000000-0000-0000-0000-000000000000","failureReason":null,"broker":"127.0.0.1:40001","controller":null,
             "metrics":"http://127.0.0.1:40000/nodes/1/metrics",
             "config":{"version":"3.9","processRoles":null,"rack":"rack-a","interBrokerProtocolVersion":"3.8","zooKeeperMigrationEnabled":true,"controllerQuorumVoters":[3000,3001,3002],"diskCapacityBytes":1000}}
            """;
        const string file = """{"state":"active","version":"3.9","diskCapacityBytes":1000,"serverProperties":"broker.id=1\nbroker.rack=rack-a\ninter.broker.protocol.version=3.8\nzookeeper.metadata.migration.enable=true\ncontroller.quorum.voters=3000@c0:9093,3001@c1:9093,3002@c2:9093\n"}""";
        var a = DescribeOutput.Parse(1, simulator);
        var b = DescribeOutput.Parse(1, file);
        Assert.True(a.Config.SameAs(b.Config), $"{a.Config} vs {b.Config}");
        Assert.Equal((NodeState.Running, NodeState.Running), (a.State, b.State));
        Assert.True(a.Config.IsZooKeeperBroker);
        Assert.Equal("3.8", b.Config.InterBrokerProtocolVersion);
        Assert.Equal([3000, 3001, 3002], b.Config.ControllerQuorumVoters!);
    }

    [Fact]
    public void A_bootstrap_list_written_through_the_address_template_reads_back_as_controller_ids_a_bootstrap_name_does_not()
    {
        var layout = new Core.ServerProperties.ServerPropertiesLayout("", ControllerAddressTemplate: "kafka-ctl-{id}.example:9093", ControllerBootstrapServers: "controllers.example:9093");
        const string listed = """{"state":"Running","version":"4.1","serverProperties":"process.roles=broker\ncontroller.quorum.bootstrap.servers=kafka-ctl-3003.example:9093,kafka-ctl-3004.example:9093\n"}""";
        const string named = """{"state":"Running","version":"4.1","serverProperties":"process.roles=broker\ncontroller.quorum.bootstrap.servers=controllers.example:9093\n"}""";
        const string simulator = """{"state":"Running","version":"4.1","config":{"version":"4.1","processRoles":"Broker","controllerBootstrapIds":[3003,3004]}}""";

        Assert.Equal([3003, 3004], DescribeOutput.Parse(1, listed, layout).Config.ControllerBootstrapIds!);
        Assert.Null(DescribeOutput.Parse(1, named, layout).Config.ControllerBootstrapIds);
        Assert.Null(DescribeOutput.Parse(1, listed).Config.ControllerBootstrapIds);
        Assert.Equal([3003, 3004], DescribeOutput.Parse(1, simulator).Config.ControllerBootstrapIds!);
        Assert.Null(DescribeOutput.BootstrapIds("kafka-ctl-3003.example:9093,vip.example:9093", layout));
    }

    [Theory]
    [InlineData("""{"state":"sleeping","version":"3.9"}""", "printed state 'sleeping'")]
    [InlineData("""{"state":"Running"}""", "printed no \"version\"")]
    [InlineData("""{"version":"3.9"}""", "printed no \"state\"")]
    [InlineData("""[1,2]""", "not an object")]
    [InlineData("""{"state":"Running","version":"three"}""", "not a Kafka version")]
    [InlineData("""{"state":"Running","version":"3.9","roles":"queen"}""", "printed roles 'queen'")]
    public void Describe_output_that_does_not_say_what_is_needed_is_refused_saying_what_is_wrong(string json, string problem)
    {
        var e = Assert.Throws<FormatException>(() => DescribeOutput.Parse(1, json));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }
}
