using System.Text.Json;
using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Snapshots;

/// <summary>Writes the cluster model in the snapshot format <see cref="SnapshotReader"/> reads.</summary>
internal static class SnapshotWriter
{
    public static void Write(Utf8JsonWriter w, ClusterState state)
    {
        w.WriteStartObject();
        w.WriteNumber("formatVersion", ClusterSnapshotSerializer.FormatVersion);
        w.WriteString("clusterId", state.ClusterId);
        w.WriteString("metadataMode", state.MetadataMode.ToString());
        if (state.ZooKeeperControllerId is { } zk)
        {
            w.WriteNumber("zooKeeperControllerId", zk);
        }

        WriteFeatures(w, state.Features);
        w.WriteStartArray("nodes");
        foreach (var node in state.Nodes)
        {
            WriteNode(w, node);
        }

        w.WriteEndArray();
        if (state.Quorum is { } quorum)
        {
            WriteQuorum(w, quorum);
        }

        w.WriteStartArray("topics");
        foreach (var topic in state.Topics)
        {
            WriteTopic(w, topic);
        }

        w.WriteEndArray();
        if (state.Reassignments is { } reassignments)
        {
            WriteReassignments(w, reassignments);
        }

        w.WriteEndObject();
    }

    private static void WriteFeatures(Utf8JsonWriter w, ClusterFeatures features)
    {
        w.WriteStartObject("features");
        if (features.InterBrokerProtocolVersion is { } ibp)
        {
            w.WriteString("interBrokerProtocolVersion", ibp);
        }

        if (features.MetadataVersionLevel is { } mv)
        {
            w.WriteNumber("metadataVersion", mv);
        }

        w.WriteNumber("kraftVersion", features.KraftVersion);
        w.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter w, ClusterNode node)
    {
        w.WriteStartObject();
        w.WriteNumber("id", node.Id);
        if (node.Rack is { } rack)
        {
            w.WriteString("rack", rack);
        }

        w.WriteStartArray("roles");
        if (node.IsBroker)
        {
            w.WriteStringValue("broker");
        }

        if (node.IsController)
        {
            w.WriteStringValue("controller");
        }

        w.WriteEndArray();
        w.WriteString("version", node.Version.ToString());
        w.WriteString("state", node.State.ToString());
        if (node.DiskCapacityBytes is { } disk)
        {
            w.WriteNumber("diskCapacityBytes", disk);
        }

        if (node.InterBrokerProtocolVersion is { } ibp)
        {
            w.WriteString("interBrokerProtocolVersion", ibp);
        }

        w.WriteEndObject();
    }

    private static void WriteQuorum(Utf8JsonWriter w, QuorumState quorum)
    {
        w.WriteStartObject("quorum");
        w.WriteNumber("leaderId", quorum.LeaderId);
        w.WriteNumber("leaderEpoch", quorum.LeaderEpoch);
        w.WriteNumber("highWatermark", quorum.HighWatermark);
        WriteMembers(w, "voters", quorum.Voters);
        WriteMembers(w, "observers", quorum.Observers);
        w.WriteEndObject();
    }

    private static void WriteMembers(Utf8JsonWriter w, string name, IReadOnlyList<QuorumMember> members)
    {
        w.WriteStartArray(name);
        foreach (var m in members)
        {
            w.WriteStartObject();
            w.WriteNumber("nodeId", m.NodeId);
            w.WriteString("directoryId", m.DirectoryId.ToString());
            w.WriteNumber("logEndOffset", m.LogEndOffset);
            if (m.LastFetchTimestampMs is { } fetch)
            {
                w.WriteNumber("lastFetchTimestampMs", fetch);
            }

            if (m.LastCaughtUpTimestampMs is { } caught)
            {
                w.WriteNumber("lastCaughtUpTimestampMs", caught);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteTopic(Utf8JsonWriter w, TopicState topic)
    {
        w.WriteStartObject();
        w.WriteString("name", topic.Name);
        w.WriteNumber("minInsyncReplicas", topic.MinInsyncReplicas);
        w.WriteStartArray("partitions");
        foreach (var p in topic.Partitions)
        {
            w.WriteStartObject();
            w.WriteNumber("partition", p.Partition);
            WriteInts(w, "replicas", p.Replicas);
            WriteInts(w, "isr", p.Isr);
            w.WriteNumber("leader", p.Leader);
            w.WriteNumber("sizeBytes", p.SizeBytes);
            w.WriteNumber("leaderEpoch", p.LeaderEpoch);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteReassignments(Utf8JsonWriter w, IReadOnlyList<ReassignmentState> reassignments)
    {
        w.WriteStartArray("reassignments");
        foreach (var r in reassignments)
        {
            w.WriteStartObject();
            w.WriteString("topic", r.Partition.Topic);
            w.WriteNumber("partition", r.Partition.Partition);
            WriteInts(w, "replicas", r.Replicas);
            WriteInts(w, "addingReplicas", r.AddingReplicas);
            WriteInts(w, "removingReplicas", r.RemovingReplicas);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteInts(Utf8JsonWriter w, string name, IReadOnlyList<int> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }
}
