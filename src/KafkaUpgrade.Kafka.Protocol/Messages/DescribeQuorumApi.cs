using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// DescribeQuorum (key 55): versions 0-2, flexible 0+. Our declaration of the fields of Kafka's
/// DescribeQuorumRequest.json and DescribeQuorumResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class DescribeQuorumApi
{
    /// <summary>The DescribeQuorum request schema.</summary>
    public static StructSchema Request { get; } = new(
        "DescribeQuorumRequest",
        new FieldSchema("Topics", FieldType.ArrayOf(new StructSchema(
                "TopicData",
                new("TopicName", FieldType.String, "0+"),
                new("Partitions", FieldType.ArrayOf(new StructSchema(
                        "PartitionData",
                        new FieldSchema("PartitionIndex", FieldType.Int32, "0+"))), "0+"))), "0+"));

    private static readonly StructSchema ResponseReplicaState = new StructSchema(
        "ReplicaState",
        new("ReplicaId", FieldType.Int32, "0+"),
        new("ReplicaDirectoryId", FieldType.Uuid, "2+"),
        new("LogEndOffset", FieldType.Int64, "0+"),
        new("LastFetchTimestamp", FieldType.Int64, "1+", @default: -1L, ignorable: true),
        new("LastCaughtUpTimestamp", FieldType.Int64, "1+", @default: -1L, ignorable: true));

    /// <summary>The DescribeQuorum response schema.</summary>
    public static StructSchema Response { get; } = new(
        "DescribeQuorumResponse",
        new("ErrorCode", FieldType.Int16, "0+"),
        new("ErrorMessage", FieldType.String, "2+", nullable: "2+", ignorable: true),
        new("Topics", FieldType.ArrayOf(new StructSchema(
                "TopicData",
                new("TopicName", FieldType.String, "0+"),
                new("Partitions", FieldType.ArrayOf(new StructSchema(
                        "PartitionData",
                        new("PartitionIndex", FieldType.Int32, "0+"),
                        new("ErrorCode", FieldType.Int16, "0+"),
                        new("ErrorMessage", FieldType.String, "2+", nullable: "2+", ignorable: true),
                        new("LeaderId", FieldType.Int32, "0+"),
                        new("LeaderEpoch", FieldType.Int32, "0+"),
                        new("HighWatermark", FieldType.Int64, "0+"),
                        new("CurrentVoters", FieldType.ArrayOf(ResponseReplicaState), "0+"),
                        new("Observers", FieldType.ArrayOf(ResponseReplicaState), "0+"))), "0+"))), "0+"),
        new("Nodes", FieldType.ArrayOf(new StructSchema(
                "Node",
                new("NodeId", FieldType.Int32, "2+"),
                new("Listeners", FieldType.ArrayOf(new StructSchema(
                        "Listener",
                        new("Name", FieldType.String, "2+"),
                        new("Host", FieldType.String, "2+"),
                        new("Port", FieldType.UInt16, "2+"))), "2+"))), "2+"));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.DescribeQuorum, "0-2", "0+", Request, Response);
}
