using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// AlterPartitionReassignments (key 45): versions 0, flexible 0+. Our declaration of the fields of Kafka's
/// AlterPartitionReassignmentsRequest.json and AlterPartitionReassignmentsResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class AlterPartitionReassignmentsApi
{
    /// <summary>The AlterPartitionReassignments request schema.</summary>
    public static StructSchema Request { get; } = new(
        "AlterPartitionReassignmentsRequest",
        new("TimeoutMs", FieldType.Int32, "0+", @default: 60000),
        new("Topics", FieldType.ArrayOf(new StructSchema(
                "ReassignableTopic",
                new("Name", FieldType.String, "0+"),
                new("Partitions", FieldType.ArrayOf(new StructSchema(
                        "ReassignablePartition",
                        new("PartitionIndex", FieldType.Int32, "0+"),
                        new("Replicas", FieldType.ArrayOf(FieldType.Int32), "0+", nullable: "0+", @default: FieldSchema.Null))), "0+"))), "0+"));

    /// <summary>The AlterPartitionReassignments response schema.</summary>
    public static StructSchema Response { get; } = new(
        "AlterPartitionReassignmentsResponse",
        new("ThrottleTimeMs", FieldType.Int32, "0+"),
        new("ErrorCode", FieldType.Int16, "0+"),
        new("ErrorMessage", FieldType.String, "0+", nullable: "0+"),
        new("Responses", FieldType.ArrayOf(new StructSchema(
                "ReassignableTopicResponse",
                new("Name", FieldType.String, "0+"),
                new("Partitions", FieldType.ArrayOf(new StructSchema(
                        "ReassignablePartitionResponse",
                        new("PartitionIndex", FieldType.Int32, "0+"),
                        new("ErrorCode", FieldType.Int16, "0+"),
                        new("ErrorMessage", FieldType.String, "0+", nullable: "0+"))), "0+"))), "0+"));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.AlterPartitionReassignments, "0", "0+", Request, Response);
}
