using System.Text.Json;
using KafkaUpgrade.Core.Model;
using static KafkaUpgrade.Core.Snapshots.JsonFields;

namespace KafkaUpgrade.Core.Snapshots;

/// <summary>Maps a snapshot document onto the cluster model, field by field, failing with the path of the first bad field.</summary>
internal static class SnapshotReader
{
    public static ClusterState Read(JsonElement root)
    {
        const string path = "$";
        var formatVersion = Optional(root, "formatVersion") is { } fv ? Int(fv, "$.formatVersion") : ClusterSnapshotSerializer.FormatVersion;
        if (formatVersion != ClusterSnapshotSerializer.FormatVersion)
        {
            throw new SnapshotFormatException("$.formatVersion", $"format version {formatVersion} is not supported (this build reads {ClusterSnapshotSerializer.FormatVersion})");
        }

        return new ClusterState(
            String(Required(root, "clusterId", path), "$.clusterId"),
            Enum<MetadataMode>(Required(root, "metadataMode", path), "$.metadataMode"),
            Array(Required(root, "nodes", path), "$.nodes", ReadNode),
            Array(Required(root, "topics", path), "$.topics", ReadTopic),
            ReadFeatures(Required(root, "features", path), "$.features"),
            Optional(root, "quorum") is { } quorum ? ReadQuorum(quorum, "$.quorum") : null,
            Optional(root, "reassignments") is { } reassignments ? Array(reassignments, "$.reassignments", ReadReassignment) : null,
            Optional(root, "zooKeeperControllerId") is { } zk ? Int(zk, "$.zooKeeperControllerId") : null);
    }

    private static ClusterNode ReadNode(JsonElement node, string path) => new(
        Int(Required(node, "id", path), $"{path}.id"),
        Optional(node, "rack") is { } rack ? String(rack, $"{path}.rack") : null,
        ReadRoles(Required(node, "roles", path), $"{path}.roles"),
        ReadVersion(Required(node, "version", path), $"{path}.version"),
        Optional(node, "state") is { } state ? Enum<NodeState>(state, $"{path}.state") : NodeState.Running,
        Optional(node, "diskCapacityBytes") is { } disk ? Long(disk, $"{path}.diskCapacityBytes") : null,
        Optional(node, "interBrokerProtocolVersion") is { } ibp ? String(ibp, $"{path}.interBrokerProtocolVersion") : null);

    private static NodeRoles ReadRoles(JsonElement roles, string path)
    {
        var result = NodeRoles.None;
        foreach (var role in Array(roles, path, (e, p) => (Text: String(e, p), Path: p)))
        {
            result |= role.Text.ToUpperInvariant() switch
            {
                "BROKER" => NodeRoles.Broker,
                "CONTROLLER" => NodeRoles.Controller,
                _ => throw new SnapshotFormatException(role.Path, $"'{role.Text}' is not a role (broker or controller)"),
            };
        }

        return result == NodeRoles.None ? throw new SnapshotFormatException(path, "a node needs at least one role (broker, controller)") : result;
    }

    private static KafkaVersion ReadVersion(JsonElement version, string path)
    {
        var text = String(version, path);
        return KafkaVersion.TryParse(text, out var result)
            ? result
            : throw new SnapshotFormatException(path, $"'{text}' is not a Kafka version (expected e.g. 3.8.0)");
    }

    private static TopicState ReadTopic(JsonElement topic, string path) => new(
        String(Required(topic, "name", path), $"{path}.name"),
        Int(Required(topic, "minInsyncReplicas", path), $"{path}.minInsyncReplicas"),
        Array(Required(topic, "partitions", path), $"{path}.partitions", ReadPartition));

    private static PartitionState ReadPartition(JsonElement partition, string path) => new(
        Int(Required(partition, "partition", path), $"{path}.partition"),
        Array(Required(partition, "replicas", path), $"{path}.replicas", Int),
        Array(Required(partition, "isr", path), $"{path}.isr", Int),
        Int(Required(partition, "leader", path), $"{path}.leader"),
        Optional(partition, "sizeBytes") is { } size ? Long(size, $"{path}.sizeBytes") : 0,
        Optional(partition, "leaderEpoch") is { } epoch ? Int(epoch, $"{path}.leaderEpoch") : 0);

    private static ClusterFeatures ReadFeatures(JsonElement features, string path) => new(
        Optional(features, "metadataVersion") is { } mv ? Int(mv, $"{path}.metadataVersion") : null,
        Optional(features, "kraftVersion") is { } kv ? Int(kv, $"{path}.kraftVersion") : 0,
        Optional(features, "interBrokerProtocolVersion") is { } ibp ? String(ibp, $"{path}.interBrokerProtocolVersion") : null);

    private static QuorumState ReadQuorum(JsonElement quorum, string path) => new(
        Int(Required(quorum, "leaderId", path), $"{path}.leaderId"),
        Optional(quorum, "leaderEpoch") is { } epoch ? Int(epoch, $"{path}.leaderEpoch") : 0,
        Optional(quorum, "highWatermark") is { } hw ? Long(hw, $"{path}.highWatermark") : 0,
        Array(Required(quorum, "voters", path), $"{path}.voters", ReadMember),
        Optional(quorum, "observers") is { } observers ? Array(observers, $"{path}.observers", ReadMember) : []);

    private static QuorumMember ReadMember(JsonElement member, string path) => new(
        Int(Required(member, "nodeId", path), $"{path}.nodeId"),
        Optional(member, "directoryId") is { } dir ? ReadGuid(dir, $"{path}.directoryId") : Guid.Empty,
        Optional(member, "logEndOffset") is { } leo ? Long(leo, $"{path}.logEndOffset") : 0,
        Optional(member, "lastFetchTimestampMs") is { } fetch ? Long(fetch, $"{path}.lastFetchTimestampMs") : null,
        Optional(member, "lastCaughtUpTimestampMs") is { } caught ? Long(caught, $"{path}.lastCaughtUpTimestampMs") : null);

    private static Guid ReadGuid(JsonElement value, string path)
    {
        var text = String(value, path);
        return Guid.TryParse(text, out var guid) ? guid : throw new SnapshotFormatException(path, $"'{text}' is not a directory id (UUID)");
    }

    private static ReassignmentState ReadReassignment(JsonElement reassignment, string path) => new(
        new TopicPartition(
            String(Required(reassignment, "topic", path), $"{path}.topic"),
            Int(Required(reassignment, "partition", path), $"{path}.partition")),
        Array(Required(reassignment, "replicas", path), $"{path}.replicas", Int),
        Optional(reassignment, "addingReplicas") is { } adding ? Array(adding, $"{path}.addingReplicas", Int) : [],
        Optional(reassignment, "removingReplicas") is { } removing ? Array(removing, $"{path}.removingReplicas", Int) : []);
}
