using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Core.ServerProperties;

namespace KafkaUpgrade.Core.Tests.ServerProperties;

/// <summary>
/// One test per step the workflows take, asserting the properties Kafka 3.9's operations guide ("ZooKeeper to KRaft
/// Migration", its sample controller.properties / server.properties per phase) and the KIP-853 docs name. The
/// NodeConfigs are built the way the workflows build them (KRaftMigration.workflow.cs, NodeChange.Apply,
/// ControllerReplacement.workflow.cs, NodeReplacement.workflow.cs).
/// </summary>
public sealed class ServerPropertiesRendererTests
{
    private const string BrokerTemplate = """
        # operator's broker template
        broker.id=99
        listeners=PLAINTEXT://:9092,SASL_SSL://:9094
        advertised.listeners=PLAINTEXT://broker.example:9092
        listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL
        inter.broker.listener.name=PLAINTEXT
        log.dirs=/var/lib/kafka/data
        zookeeper.connect=old-zk:2181
        zookeeper.session.timeout.ms=18000
        zookeeper.set.acl=true
        control.plane.listener.name=PLAINTEXT
        authorizer.class.name=kafka.security.authorizer.AclAuthorizer
        ssl.keystore.password=s3cr3t-keystore
        listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \
            username="admin" password="adm1n-pass";
        """;

    private const string ControllerTemplate = """
        listeners=CONTROLLER://:9093
        listener.security.protocol.map=CONTROLLER:SSL,PLAINTEXT:PLAINTEXT
        inter.broker.listener.name=PLAINTEXT
        metadata.log.dir=/var/lib/kafka/metadata
        """;

    private static readonly ServerPropertiesLayout Layout = new(
        BrokerTemplate,
        ControllerTemplate,
        ZooKeeperConnect: "zk1:2181,zk2:2181/kafka",
        ControllerAddressTemplate: "ctl-{id}.example:9093",
        ControllerBootstrapServers: "controllers.example:9093");

    private static readonly KafkaVersion V38 = KafkaVersion.Parse("3.8.1");
    private static readonly KafkaVersion V39 = KafkaVersion.Parse("3.9.0");
    private static readonly IReadOnlyList<int> Voters = [3000, 3001, 3002];

    [Fact]
    public void Software_roll_in_zookeeper_mode_pins_the_inter_broker_protocol()
    {
        // ClusterUpgrade: NodeChange(Version) with the IBP pinned, then NodeChange(InterBrokerProtocolVersion) for the bump.
        var config = new NodeConfig(V39, null, "rack-a", InterBrokerProtocolVersion: "3.8");
        var rendered = ServerPropertiesRenderer.Render(1, config, Layout);

        Assert.Equal("1", rendered.Properties["broker.id"]);
        Assert.Equal("3.8", rendered.Properties["inter.broker.protocol.version"]);
        Assert.Equal("zk1:2181,zk2:2181/kafka", rendered.Properties["zookeeper.connect"]);
        Assert.Equal("rack-a", rendered.Properties["broker.rack"]);
        Assert.Equal("18000", rendered.Properties["zookeeper.session.timeout.ms"]);
        Assert.Equal(ServerPropertiesRenderer.ZooKeeperAuthorizer, rendered.Properties["authorizer.class.name"]);
        AssertAbsent(rendered, "process.roles", "node.id", "zookeeper.metadata.migration.enable", "controller.quorum.voters", "controller.quorum.bootstrap.servers", "controller.listener.names");
        Assert.Single(Lines(rendered, "broker.id"));
        Assert.Contains("log.dirs=/var/lib/kafka/data", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("# operator's broker template", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("ZooKeeper broker, inter.broker.protocol.version=3.8", rendered.Step, StringComparison.Ordinal);
    }

    [Fact]
    public void Controllers_provisioned_for_the_migration_carry_the_flag_zookeeper_and_the_static_voters()
    {
        // KRaftMigration step 1: new NodeConfig(version, Controller, rack, ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: controllers).
        var config = new NodeConfig(V39, NodeRoles.Controller, "rack-a", ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: Voters);
        var rendered = ServerPropertiesRenderer.Render(3000, config, Layout);

        Assert.Equal("controller", rendered.Properties["process.roles"]);
        Assert.Equal("3000", rendered.Properties["node.id"]);
        Assert.Equal("true", rendered.Properties["zookeeper.metadata.migration.enable"]);
        Assert.Equal("zk1:2181,zk2:2181/kafka", rendered.Properties["zookeeper.connect"]);
        Assert.Equal("3000@ctl-3000.example:9093,3001@ctl-3001.example:9093,3002@ctl-3002.example:9093", rendered.Properties["controller.quorum.voters"]);
        Assert.Equal("CONTROLLER", rendered.Properties["controller.listener.names"]);
        Assert.Equal("CONTROLLER://:9093", rendered.Properties["listeners"]);
        Assert.Equal("PLAINTEXT", rendered.Properties["inter.broker.listener.name"]);
        Assert.Equal("CONTROLLER:SSL,PLAINTEXT:PLAINTEXT", rendered.Properties["listener.security.protocol.map"]);
        AssertAbsent(rendered, "broker.id", "inter.broker.protocol.version", "controller.quorum.bootstrap.servers", "log.dirs");
        Assert.Equal("rack-a", rendered.Properties["broker.rack"]);
    }

    [Fact]
    public void Brokers_into_migration_mode_keep_zookeeper_and_the_ibp_and_learn_the_quorum()
    {
        // KRaftMigration step 2: NodeChange(ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: controllers) on a ZooKeeper broker.
        var config = new NodeConfig(V39, null, "rack-b", InterBrokerProtocolVersion: "3.9", ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: Voters);
        var rendered = ServerPropertiesRenderer.Render(2, config, Layout);

        Assert.Equal("2", rendered.Properties["broker.id"]);
        Assert.Equal("true", rendered.Properties["zookeeper.metadata.migration.enable"]);
        Assert.Equal("zk1:2181,zk2:2181/kafka", rendered.Properties["zookeeper.connect"]);
        Assert.Equal("3.9", rendered.Properties["inter.broker.protocol.version"]);
        Assert.StartsWith("3000@ctl-3000.example:9093,", rendered.Properties["controller.quorum.voters"], StringComparison.Ordinal);
        Assert.Equal("CONTROLLER", rendered.Properties["controller.listener.names"]);
        // The docs' sample adds CONTROLLER to the broker's listener.security.protocol.map.
        Assert.Equal("PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT", rendered.Properties["listener.security.protocol.map"]);
        Assert.Single(Lines(rendered, "listener.security.protocol.map"));
        AssertAbsent(rendered, "process.roles", "node.id");
    }

    [Fact]
    public void Brokers_into_kraft_drop_zookeeper_the_flag_and_the_ibp_and_switch_the_authorizer()
    {
        // KRaftMigration step 4: NodeChange(ToKRaftBroker: true, ControllerQuorumVoters) → ProcessRoles=Broker, IBP null, flag false.
        var config = new NodeConfig(V39, NodeRoles.Broker, "rack-b", ControllerQuorumVoters: Voters);
        var rendered = ServerPropertiesRenderer.Render(2, config, Layout);

        Assert.Equal("broker", rendered.Properties["process.roles"]);
        Assert.Equal("2", rendered.Properties["node.id"]);
        Assert.Equal("CONTROLLER", rendered.Properties["controller.listener.names"]);
        Assert.Contains("controller.quorum.voters", rendered.Properties.Keys);
        Assert.Equal(ServerPropertiesRenderer.KRaftAuthorizer, rendered.Properties["authorizer.class.name"]);
        Assert.Equal("rack-b", rendered.Properties["broker.rack"]);
        AssertAbsent(rendered, "broker.id", "zookeeper.connect", "zookeeper.metadata.migration.enable", "inter.broker.protocol.version",
            "zookeeper.session.timeout.ms", "zookeeper.set.acl", "control.plane.listener.name");
        Assert.DoesNotContain(rendered.Properties.Keys, k => k.StartsWith("zookeeper.", StringComparison.Ordinal));
        Assert.Equal("/var/lib/kafka/data", rendered.Properties["log.dirs"]);
    }

    [Fact]
    public void Controllers_finalized_lose_the_flag_and_zookeeper()
    {
        // KRaftMigration step 5: NodeChange(ZooKeeperMigrationEnabled: false) on the controllers.
        var config = new NodeConfig(V39, NodeRoles.Controller, "rack-a", ControllerQuorumVoters: Voters);
        var rendered = ServerPropertiesRenderer.Render(3001, config, Layout);

        Assert.Equal("controller", rendered.Properties["process.roles"]);
        Assert.Equal("3001", rendered.Properties["node.id"]);
        Assert.Contains("3001@ctl-3001.example:9093", rendered.Properties["controller.quorum.voters"], StringComparison.Ordinal);
        AssertAbsent(rendered, "zookeeper.metadata.migration.enable", "zookeeper.connect", "broker.id");
        Assert.Equal("KRaft controller, static quorum", rendered.Step);
    }

    [Fact]
    public void Rollback_turns_kraft_brokers_back_into_migrating_zookeeper_brokers_then_plain_ones()
    {
        // RollBackAsync: NodeChange(ToZooKeeperBroker: true, ZooKeeperMigrationEnabled: true), later NodeChange(ZooKeeperMigrationEnabled: false).
        var back = new NodeConfig(V39, null, "rack-b", ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: Voters);
        var migrating = ServerPropertiesRenderer.Render(2, back, Layout);
        Assert.Equal("2", migrating.Properties["broker.id"]);
        Assert.Equal("true", migrating.Properties["zookeeper.metadata.migration.enable"]);
        Assert.Equal(ServerPropertiesRenderer.ZooKeeperAuthorizer, migrating.Properties["authorizer.class.name"]);
        AssertAbsent(migrating, "process.roles", "node.id");

        // Kafka's revert table: remove the flag, controller.listener.names and the quorum configuration.
        var off = ServerPropertiesRenderer.Render(2, back with { ZooKeeperMigrationEnabled = false }, Layout);
        AssertAbsent(off, "zookeeper.metadata.migration.enable", "controller.listener.names", "controller.quorum.voters", "controller.quorum.bootstrap.servers");
        Assert.Equal("zk1:2181,zk2:2181/kafka", off.Properties["zookeeper.connect"]);
    }

    [Fact]
    public void Kraft_node_replacement_renders_the_new_id_with_the_old_nodes_settings()
    {
        // NodeReplacement: the old node's config with Version = target, under a new id.
        var old = new NodeConfig(KafkaVersion.Parse("4.0.0"), NodeRoles.Broker, "rack-c", ControllerQuorumVoters: Voters);
        var rendered = ServerPropertiesRenderer.Render(7, old with { Version = KafkaVersion.Parse("4.3.1") }, Layout);
        Assert.Equal("7", rendered.Properties["node.id"]);
        Assert.Equal("broker", rendered.Properties["process.roles"]);
        Assert.Equal("rack-c", rendered.Properties["broker.rack"]);
        Assert.Contains("(Kafka 4.3.1)", rendered.Text, StringComparison.Ordinal);
        AssertAbsent(rendered, "broker.id", "zookeeper.connect");
    }

    [Fact]
    public void A_kraft_broker_told_the_new_controllers_after_a_replacement_names_each_in_bootstrap_servers()
    {
        // ControllerReplacement's broker update: NodeChange(ControllerBootstrapIds: voters now).
        var config = new NodeConfig(KafkaVersion.Parse("4.1.0"), NodeRoles.Broker, "rack-a", ControllerBootstrapIds: [3003, 3004, 3005]);
        var rendered = ServerPropertiesRenderer.Render(1, config, Layout);
        Assert.Equal("ctl-3003.example:9093,ctl-3004.example:9093,ctl-3005.example:9093", rendered.Properties["controller.quorum.bootstrap.servers"]);
        AssertAbsent(rendered, "controller.quorum.voters");

        var noTemplate = Assert.Throws<ServerPropertiesException>(() => ServerPropertiesRenderer.Render(1, config, Layout with { ControllerAddressTemplate = null }));
        Assert.Contains("controller address template", noTemplate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_kip853_controller_finds_the_quorum_through_bootstrap_servers_not_voters()
    {
        // ControllerReplacement: old config with ProcessRoles = Controller and ControllerQuorumVoters = null.
        var config = new NodeConfig(KafkaVersion.Parse("4.1.0"), NodeRoles.Controller, "rack-a");
        var rendered = ServerPropertiesRenderer.Render(3003, config, Layout);
        Assert.Equal("controllers.example:9093", rendered.Properties["controller.quorum.bootstrap.servers"]);
        Assert.Equal("3003", rendered.Properties["node.id"]);
        Assert.Equal("controller", rendered.Properties["process.roles"]);
        AssertAbsent(rendered, "controller.quorum.voters", "zookeeper.connect", "zookeeper.metadata.migration.enable");
        Assert.Equal("KRaft controller, dynamic quorum", rendered.Step);
    }

    [Fact]
    public void Combined_nodes_are_broker_and_controller()
    {
        var rendered = ServerPropertiesRenderer.Render(1, new NodeConfig(KafkaVersion.Parse("4.0.0"), NodeRoles.Combined, null, ControllerQuorumVoters: [1, 2, 3]), Layout);
        Assert.Equal("broker,controller", rendered.Properties["process.roles"]);
        Assert.Equal("1@ctl-1.example:9093,2@ctl-2.example:9093,3@ctl-3.example:9093", rendered.Properties["controller.quorum.voters"]);
        AssertAbsent(rendered, "broker.rack");
    }

    [Fact]
    public void What_the_layout_lacks_or_kafka_refuses_is_an_error_naming_it()
    {
        var noZk = Layout with { ZooKeeperConnect = null };
        var e1 = Assert.Throws<ServerPropertiesException>(() => ServerPropertiesRenderer.Render(1, new NodeConfig(V38, null, null), noZk));
        Assert.Contains("node 1", e1.Message, StringComparison.Ordinal);
        Assert.Contains("zookeeper.connect", e1.Message, StringComparison.Ordinal);

        var noAddress = Layout with { ControllerAddressTemplate = null };
        var e2 = Assert.Throws<ServerPropertiesException>(() => ServerPropertiesRenderer.Render(3000, new NodeConfig(V39, NodeRoles.Controller, null, ControllerQuorumVoters: Voters), noAddress));
        Assert.Contains("controller address template", e2.Message, StringComparison.Ordinal);

        var noBootstrap = Layout with { ControllerBootstrapServers = null };
        var e3 = Assert.Throws<ServerPropertiesException>(() => ServerPropertiesRenderer.Render(3003, new NodeConfig(V39, NodeRoles.Controller, null), noBootstrap));
        Assert.Contains("controller.quorum.bootstrap.servers", e3.Message, StringComparison.Ordinal);

        var e4 = Assert.Throws<ServerPropertiesException>(() => ServerPropertiesRenderer.Render(4, new NodeConfig(V39, NodeRoles.Broker, null, ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: Voters), Layout));
        Assert.Contains("only valid on ZooKeeper brokers and dedicated controllers", e4.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_stay_in_the_file_but_never_in_the_redacted_text_or_the_summary()
    {
        var rendered = ServerPropertiesRenderer.Render(1, new NodeConfig(V38, null, null), Layout);
        Assert.Contains("s3cr3t-keystore", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("adm1n-pass", rendered.Properties["listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config"], StringComparison.Ordinal);
        Assert.Contains("s3cr3t-keystore", rendered.SecretValues);
        Assert.Contains("adm1n-pass", rendered.SecretValues); // the JAAS password on its own, not only the whole value

        Assert.DoesNotContain("s3cr3t-keystore", rendered.RedactedText, StringComparison.Ordinal);
        Assert.DoesNotContain("adm1n-pass", rendered.RedactedText, StringComparison.Ordinal);
        Assert.Contains("ssl.keystore.password=[redacted]", rendered.RedactedText, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", rendered.ToString(), StringComparison.Ordinal);
        Assert.Equal("hook said [redacted]", SecretProperties.RedactValues("hook said adm1n-pass", ["adm1n-pass"]));
        Assert.True(SecretProperties.IsSecret("zookeeper.ssl.truststore.password"));
        Assert.True(SecretProperties.IsSecret("sasl.jaas.config"));
        Assert.False(SecretProperties.IsSecret("ssl.keystore.location"));
    }

    [Fact]
    public void Properties_text_reads_like_java_properties()
    {
        var lines = PropertiesText.Parse("a=1\nb : 2\nc 3\n! note\nd=x\\\n  y\ne=tab\\tend\\u0041\nkey\\=with\\:seps=v\n");
        var values = lines.Where(l => l.Key is not null).ToDictionary(l => l.Key!, l => l.Value!);
        Assert.Equal("1", values["a"]);
        Assert.Equal("2", values["b"]);
        Assert.Equal("3", values["c"]);
        Assert.Equal("xy", values["d"]);
        Assert.Equal("tab\tendA", values["e"]);
        Assert.Equal("v", values["key=with:seps"]);
        var round = PropertiesText.Parse(PropertiesText.Format("key=with:seps", "multi\nline")).Single();
        Assert.Equal(("key=with:seps", "multi\nline"), (round.Key, round.Value));
    }

    private static IEnumerable<string> Lines(RenderedServerProperties rendered, string key) =>
        PropertiesText.Parse(rendered.Text).Where(l => l.Key == key).Select(l => l.Raw);

    private static void AssertAbsent(RenderedServerProperties rendered, params string[] keys)
    {
        foreach (var key in keys)
        {
            Assert.False(rendered.Properties.ContainsKey(key), $"{key} should not be set, is '{rendered.Properties.GetValueOrDefault(key)}'");
            Assert.Empty(Lines(rendered, key));
        }
    }
}
