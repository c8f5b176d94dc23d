using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Simulation.Wire.Control;

/// <summary>
/// A node's configuration as a provisioning hook gives it: the Kafka version and either a <c>server.properties</c>
/// text or the individual settings. For a restart, what is left out stays as it is.
/// </summary>
/// <param name="Version">Kafka version, e.g. 3.9.1 (required to provision).</param>
/// <param name="Roles"><c>process.roles</c>: broker, controller or broker,controller; "zookeeper" (or empty) for a ZooKeeper-mode broker.</param>
/// <param name="Rack"><c>broker.rack</c>.</param>
/// <param name="InterBrokerProtocolVersion"><c>inter.broker.protocol.version</c>.</param>
/// <param name="ZooKeeperMigrationEnabled"><c>zookeeper.metadata.migration.enable</c>.</param>
/// <param name="ControllerQuorumVoters">Static <c>controller.quorum.voters</c> ids.</param>
/// <param name="DiskCapacityBytes">Disk size.</param>
/// <param name="ServerProperties">A whole <c>server.properties</c>; when given, it decides every setting but the version.</param>
public sealed record NodeConfigRequest(
    string? Version = null,
    string? Roles = null,
    string? Rack = null,
    string? InterBrokerProtocolVersion = null,
    bool? ZooKeeperMigrationEnabled = null,
    IReadOnlyList<int>? ControllerQuorumVoters = null,
    long? DiskCapacityBytes = null,
    string? ServerProperties = null)
{
    /// <summary>The configuration to run: this request over <paramref name="current"/> (null when provisioning).</summary>
    /// <exception cref="FormatException">A value is malformed or a required one is missing.</exception>
    public NodeConfig Resolve(int nodeId, NodeConfig? current)
    {
        KafkaVersion version;
        if (Version is not null)
        {
            version = KafkaVersion.TryParse(Version, out var v) ? v : throw new FormatException($"version '{Version}' is not a Kafka version (expected e.g. 3.9.1)");
        }
        else
        {
            version = current?.Version ?? throw new FormatException("version is required to provision a node");
        }

        if (ServerProperties is not null)
        {
            return Control.ServerProperties.ToNodeConfig(Control.ServerProperties.Parse(ServerProperties), nodeId, version, DiskCapacityBytes ?? current?.DiskCapacityBytes);
        }

        if (current is null && Roles is null)
        {
            throw new FormatException("roles (broker, controller, broker,controller or zookeeper) or serverProperties is required to provision a node");
        }

        return new NodeConfig(
            version,
            Roles is null ? current!.ProcessRoles : ParseRoles(Roles),
            Rack ?? current?.Rack,
            InterBrokerProtocolVersion ?? current?.InterBrokerProtocolVersion,
            ZooKeeperMigrationEnabled ?? current?.ZooKeeperMigrationEnabled ?? false,
            ControllerQuorumVoters ?? current?.ControllerQuorumVoters,
            DiskCapacityBytes ?? current?.DiskCapacityBytes);
    }

    private static NodeRoles? ParseRoles(string roles) => roles.Trim() is "" or "zookeeper"
        ? null
        : Control.ServerProperties.ToNodeConfig(new Dictionary<string, string> { ["process.roles"] = roles }, 0, default).ProcessRoles;
}

/// <summary>A node as the control endpoint shows it: state, configuration and where it listens.</summary>
/// <param name="NodeId">Node id.</param>
/// <param name="State">Lifecycle state.</param>
/// <param name="Version">Kafka version it runs.</param>
/// <param name="Roles"><c>process.roles</c>, or "zookeeper" for a ZooKeeper-mode broker.</param>
/// <param name="Rack"><c>broker.rack</c>.</param>
/// <param name="Reachable">Its process is up and reachable.</param>
/// <param name="DirectoryId">Metadata log directory id (KIP-853).</param>
/// <param name="FailureReason">Why it failed, as its log would say.</param>
/// <param name="Broker">Broker listener <c>host:port</c>, or null.</param>
/// <param name="Controller">Controller listener <c>host:port</c>, or null.</param>
/// <param name="Metrics">Its Prometheus metrics URL.</param>
/// <param name="Config">The full configuration.</param>
public sealed record NodeView(
    int NodeId,
    NodeState State,
    string Version,
    string Roles,
    string? Rack,
    bool Reachable,
    Guid DirectoryId,
    string? FailureReason,
    string? Broker,
    string? Controller,
    Uri Metrics,
    NodeConfig Config);

/// <summary>Producers to start: <paramref name="BytesPerSecondPerPartition"/> into each partition of <paramref name="Topics"/> (all when null), acks=all.</summary>
/// <param name="BytesPerSecondPerPartition">Write rate per partition.</param>
/// <param name="RecordBytes">Bytes per record.</param>
/// <param name="Topics">Topics, or null for all.</param>
public sealed record TrafficRequest(double BytesPerSecondPerPartition, int RecordBytes = 1024, IReadOnlyList<string>? Topics = null);

/// <summary>The simulated clock.</summary>
/// <param name="SimulatedMs">Simulated milliseconds since the start.</param>
/// <param name="Speed">Simulated time per real time (0: stands still).</param>
public sealed record ClockView(long SimulatedMs, double Speed);

/// <summary>A change of the clock: a new speed and/or a step forward.</summary>
/// <param name="Speed">New speed, or null to keep it.</param>
/// <param name="AdvanceMs">Simulated milliseconds to step now, or null.</param>
public sealed record ClockRequest(double? Speed = null, long? AdvanceMs = null);

/// <summary>Arguments of a fault.</summary>
/// <param name="Factor">Slow follower: the fraction of bandwidth left (1 restores it).</param>
/// <param name="Reason">Failing start: the reason the next start fails with.</param>
public sealed record FaultRequest(double? Factor = null, string? Reason = null);

/// <summary>A refusal: what was wrong, with Kafka's error when a Kafka rule refused it.</summary>
/// <param name="Error">The message.</param>
/// <param name="KafkaError">Kafka's error name, or null.</param>
/// <param name="KafkaErrorCode">Kafka's error code, or null.</param>
public sealed record ControlError(string Error, string? KafkaError = null, short? KafkaErrorCode = null);

/// <summary>What the endpoints of the running simulation are.</summary>
/// <param name="ClusterId">Kafka cluster id.</param>
/// <param name="MetadataMode">ZooKeeper, KRaft or a migration phase.</param>
/// <param name="Bootstrap">Broker listeners, comma-separated (for <c>--bootstrap-server</c>).</param>
/// <param name="BootstrapController">Controller listeners (for <c>--bootstrap-controller</c>), or null in ZooKeeper mode.</param>
/// <param name="ControllerBootstrap">The controller bootstrap address: one <c>host:port</c> in front of every KRaft controller, open even without any.</param>
/// <param name="BrokerBootstrap">The broker bootstrap address: one <c>host:port</c> in front of every broker.</param>
/// <param name="Metrics">The metrics index URL.</param>
/// <param name="Clock">The clock.</param>
/// <param name="Nodes">Every node.</param>
public sealed record ClusterView(string ClusterId, MetadataMode MetadataMode, string Bootstrap, string? BootstrapController, string ControllerBootstrap, string BrokerBootstrap, Uri Metrics, ClockView Clock, IReadOnlyList<NodeView> Nodes);
