using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// DescribeTopicPartitions (key 75): versions 0, flexible 0+. Our declaration of the fields of Kafka's
/// DescribeTopicPartitionsRequest.json and DescribeTopicPartitionsResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class DescribeTopicPartitionsApi
{
    /// <summary>The DescribeTopicPartitions request schema.</summary>
    public static StructSchema Request { get; } = new(
        "DescribeTopicPartitionsRequest",
        new("Topics", FieldType.ArrayOf(new StructSchema(
                "TopicRequest",
                new FieldSchema("Name", FieldType.String, "0+"))), "0+"),
        new("ResponsePartitionLimit", FieldType.Int32, "0+", @default: 2000),
        new("Cursor", FieldType.StructOf(new StructSchema(
                "Cursor",
                new("TopicName", FieldType.String, "0+"),
                new("PartitionIndex", FieldType.Int32, "0+"))), "0+", nullable: "0+", @default: FieldSchema.Null));

    /// <summary>The DescribeTopicPartitions response schema.</summary>
    public static StructSchema Response { get; } = new(
        "DescribeTopicPartitionsResponse",
        new("ThrottleTimeMs", FieldType.Int32, "0+", ignorable: true),
        new("Topics", FieldType.ArrayOf(new StructSchema(
                "DescribeTopicPartitionsResponseTopic",
                new("ErrorCode", FieldType.Int16, "0+"),
                new("Name", FieldType.String, "0+", nullable: "0+"),
                new("TopicId", FieldType.Uuid, "0+", ignorable: true),
                new("IsInternal", FieldType.Bool, "0+", @default: false, ignorable: true),
                new("Partitions", FieldType.ArrayOf(new StructSchema(
                        "DescribeTopicPartitionsResponsePartition",
                        new("ErrorCode", FieldType.Int16, "0+"),
                        new("PartitionIndex", FieldType.Int32, "0+"),
                        new("LeaderId", FieldType.Int32, "0+"),
                        new("LeaderEpoch", FieldType.Int32, "0+", @default: -1, ignorable: true),
                        new("ReplicaNodes", FieldType.ArrayOf(FieldType.Int32), "0+"),
                        new("IsrNodes", FieldType.ArrayOf(FieldType.Int32), "0+"),
                        new("EligibleLeaderReplicas", FieldType.ArrayOf(FieldType.Int32), "0+", nullable: "0+", @default: FieldSchema.Null),
                        new("LastKnownElr", FieldType.ArrayOf(FieldType.Int32), "0+", nullable: "0+", @default: FieldSchema.Null),
                        new("OfflineReplicas", FieldType.ArrayOf(FieldType.Int32), "0+", ignorable: true))), "0+"),
                new("TopicAuthorizedOperations", FieldType.Int32, "0+", @default: int.MinValue))), "0+"),
        new("NextCursor", FieldType.StructOf(new StructSchema(
                "Cursor",
                new("TopicName", FieldType.String, "0+"),
                new("PartitionIndex", FieldType.Int32, "0+"))), "0+", nullable: "0+", @default: FieldSchema.Null));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.DescribeTopicPartitions, "0", "0+", Request, Response);
}
