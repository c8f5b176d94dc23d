using System.Globalization;
using System.Text;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Core.ServerProperties;

/// <summary>
/// Renders a node's server.properties from the operator's template plus what the node's <see cref="NodeConfig"/>
/// says, for every step the workflows take. The properties and their values follow Kafka 3.9's operations guide,
/// "ZooKeeper to KRaft Migration" (the sample controller.properties and broker server.properties of each phase)
/// and the KIP-853 section "Controller membership changes" (<c>controller.quorum.bootstrap.servers</c>):
/// <list type="bullet">
/// <item>ZooKeeper broker: <c>broker.id</c>, <c>zookeeper.connect</c>, <c>inter.broker.protocol.version</c> when pinned; no KRaft keys.</item>
/// <item>ZooKeeper broker in migration mode: the above plus <c>zookeeper.metadata.migration.enable=true</c>, the quorum
/// (<c>controller.quorum.voters</c> or <c>controller.quorum.bootstrap.servers</c>), <c>controller.listener.names</c> and its
/// <c>listener.security.protocol.map</c> entry.</item>
/// <item>Controller while migrating: <c>process.roles=controller</c>, <c>node.id</c>, the quorum, <c>controller.listener.names</c>,
/// <c>zookeeper.metadata.migration.enable=true</c>, <c>zookeeper.connect</c>.</item>
/// <item>KRaft broker, controller (finalized: flag and ZooKeeper removed) or combined node: <c>process.roles</c>, <c>node.id</c>,
/// the quorum, <c>controller.listener.names</c>; no <c>broker.id</c>, <c>zookeeper.*</c>, migration flag,
/// <c>inter.broker.protocol.version</c> ("Don't set the IBP") or <c>control.plane.listener.name</c>; AclAuthorizer becomes
/// <c>org.apache.kafka.metadata.authorizer.StandardAuthorizer</c>.</item>
/// </list>
/// Pure string work: no I/O.
/// </summary>
public static class ServerPropertiesRenderer
{
    /// <summary>Kafka's ZooKeeper-mode ACL authorizer.</summary>
    public const string ZooKeeperAuthorizer = "kafka.security.authorizer.AclAuthorizer";

    /// <summary>Kafka's KRaft ACL authorizer.</summary>
    public const string KRaftAuthorizer = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    // Kafka's default listener.security.protocol.map (SocketServerConfigs), used when the template sets none.
    private const string DefaultSecurityProtocolMap = "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL";

    // Keys this renderer owns: the template's values for them are replaced or removed.
    private static readonly string[] Managed =
    [
        "process.roles", "node.id", "broker.id", "broker.rack", "zookeeper.connect", "zookeeper.metadata.migration.enable",
        "inter.broker.protocol.version", "controller.quorum.voters", "controller.quorum.bootstrap.servers", "controller.listener.names",
    ];

    /// <summary>The server.properties node <paramref name="nodeId"/> runs with <paramref name="config"/>.</summary>
    /// <exception cref="ServerPropertiesException">The layout lacks what this step needs, or the configuration is one Kafka refuses.</exception>
    public static RenderedServerProperties Render(int nodeId, NodeConfig config, ServerPropertiesLayout layout)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(layout);
        var step = Classify(nodeId, config);
        var description = Describe(step, config);
        var template = PropertiesText.Parse(config.Roles == NodeRoles.Controller ? layout.ControllerTemplate ?? layout.BrokerTemplate : layout.BrokerTemplate);
        var templateValues = Effective(template);
        var set = new List<(string Key, string Value)>();
        var remove = new HashSet<string>(Managed, StringComparer.Ordinal);
        var id = nodeId.ToString(CultureInfo.InvariantCulture);

        var usesZooKeeper = step is Step.ZooKeeperBroker or Step.ZooKeeperBrokerMigrating or Step.MigratingController;
        var usesQuorum = step != Step.ZooKeeperBroker;
        if (config.IsZooKeeperBroker)
        {
            set.Add(("broker.id", id));
        }
        else
        {
            set.Add(("process.roles", Roles(config.Roles)));
            set.Add(("node.id", id));
        }

        // Every node's rack is written, controllers' too (Kafka ignores it there): describing a node then gives
        // back the configuration it was given, which idempotent provisioning and restarts compare against.
        if (config.Rack is { Length: > 0 } rack)
        {
            set.Add(("broker.rack", rack));
        }

        if (usesZooKeeper)
        {
            set.Add(("zookeeper.connect", Require(nodeId, layout.ZooKeeperConnect, "zookeeper.connect", description)));
        }

        if (step is Step.ZooKeeperBrokerMigrating or Step.MigratingController)
        {
            set.Add(("zookeeper.metadata.migration.enable", "true"));
        }

        if (config.IsZooKeeperBroker && config.InterBrokerProtocolVersion is { Length: > 0 } ibp)
        {
            set.Add(("inter.broker.protocol.version", ibp));
        }

        if (usesQuorum)
        {
            set.Add(config.ControllerQuorumVoters is { Count: > 0 } voters
                ? ("controller.quorum.voters", layout.Voters(voters, nodeId))
                : config.ControllerBootstrapIds is { Count: > 0 } bootstrap
                    ? ("controller.quorum.bootstrap.servers", layout.BootstrapServers(bootstrap, nodeId))
                    : ("controller.quorum.bootstrap.servers", Require(nodeId, layout.ControllerBootstrapServers, "controller.quorum.bootstrap.servers (dynamic quorum)", description)));
            set.Add(("controller.listener.names", layout.ControllerListenerName));
            var map = templateValues.GetValueOrDefault("listener.security.protocol.map") ?? DefaultSecurityProtocolMap;
            if (!map.Split(',').Any(e => e.Trim().StartsWith(layout.ControllerListenerName + ":", StringComparison.OrdinalIgnoreCase)))
            {
                remove.Add("listener.security.protocol.map");
                set.Add(("listener.security.protocol.map", $"{map},{layout.ControllerListenerName}:{layout.ControllerListenerSecurityProtocol}"));
            }
        }

        if (!usesZooKeeper)
        {
            // KRaft only: every ZooKeeper client setting goes (zookeeper.session.timeout.ms, zookeeper.ssl.*, ...).
            foreach (var key in templateValues.Keys.Where(k => k.StartsWith("zookeeper.", StringComparison.Ordinal) || k == "control.plane.listener.name"))
            {
                remove.Add(key);
            }
        }

        var authorizer = templateValues.GetValueOrDefault("authorizer.class.name");
        var wantedAuthorizer = (authorizer, config.IsZooKeeperBroker) switch
        {
            (ZooKeeperAuthorizer, false) => KRaftAuthorizer,
            (KRaftAuthorizer, true) => ZooKeeperAuthorizer,
            _ => null,
        };
        if (wantedAuthorizer is not null)
        {
            remove.Add("authorizer.class.name");
            set.Add(("authorizer.class.name", wantedAuthorizer));
        }

        var text = new StringBuilder();
        foreach (var line in template.Where(l => l.Key is null || !remove.Contains(l.Key)))
        {
            text.Append(line.Raw).Append('\n');
        }

        text.Append('\n')
            .Append(CultureInfo.InvariantCulture, $"# --- set by kafka-upgrade for node {id}: {description} (Kafka {config.Version}) ---\n");
        foreach (var (key, value) in set)
        {
            text.Append(PropertiesText.Format(key, value)).Append('\n');
        }

        var properties = templateValues.Where(p => !remove.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var (key, value) in set)
        {
            properties[key] = value;
        }

        return new RenderedServerProperties(nodeId, text.ToString(), properties, description);
    }

    private enum Step
    {
        ZooKeeperBroker,
        ZooKeeperBrokerMigrating,
        MigratingController,
        KRaft,
    }

    private static Step Classify(int nodeId, NodeConfig config)
    {
        if (config.IsZooKeeperBroker)
        {
            return config.ZooKeeperMigrationEnabled ? Step.ZooKeeperBrokerMigrating : Step.ZooKeeperBroker;
        }

        if (config.Roles == NodeRoles.None)
        {
            throw new ServerPropertiesException(nodeId, "process.roles is empty: a node must be a broker, a controller or both");
        }

        if (!config.ZooKeeperMigrationEnabled)
        {
            return Step.KRaft;
        }

        // Kafka 3.9 ops guide: the migration runs on dedicated controllers only; KRaft brokers drop the flag.
        return config.Roles == NodeRoles.Controller
            ? Step.MigratingController
            : throw new ServerPropertiesException(nodeId, $"zookeeper.metadata.migration.enable=true is only valid on ZooKeeper brokers and dedicated controllers, not with process.roles={Roles(config.Roles)}");
    }

    private static string Describe(Step step, NodeConfig config) => step switch
    {
        Step.ZooKeeperBroker => config.InterBrokerProtocolVersion is { } ibp ? $"ZooKeeper broker, inter.broker.protocol.version={ibp}" : "ZooKeeper broker",
        Step.ZooKeeperBrokerMigrating => "ZooKeeper broker in migration mode",
        Step.MigratingController => "KRaft controller with the ZooKeeper migration enabled",
        _ => $"KRaft {Roles(config.Roles).Replace(",", " and ", StringComparison.Ordinal)}, " + (config.ControllerQuorumVoters is { Count: > 0 } ? "static quorum" : "dynamic quorum"),
    };

    private static string Roles(NodeRoles roles) => roles switch
    {
        NodeRoles.Broker => "broker",
        NodeRoles.Controller => "controller",
        NodeRoles.Combined => "broker,controller",
        _ => "",
    };

    private static string Require(int nodeId, string? value, string what, string step) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new ServerPropertiesException(nodeId, $"{what} is needed for a {step} but the cluster's layout does not set it")
            : value.Trim();

    private static Dictionary<string, string> Effective(IReadOnlyList<PropertiesLine> lines)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Where(l => l.Key is not null))
        {
            values[line.Key!] = line.Value!;
        }

        return values;
    }
}
