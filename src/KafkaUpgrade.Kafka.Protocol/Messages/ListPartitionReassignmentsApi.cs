using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// ListPartitionReassignments (key 46): versions 0, flexible 0+. Our declaration of the fields of Kafka's
/// ListPartitionReassignmentsRequest.json and ListPartitionReassignmentsResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class ListPartitionReassignmentsApi
{
    /// <summary>The ListPartitionReassignments request schema.</summary>
    public static StructSchema Request { get; } = new(
        "ListPartitionReassignmentsRequest",
        new("TimeoutMs", FieldType.Int32, "0+", @default: 60000),
        new("Topics", FieldType.ArrayOf(new StructSchema(
                "ListPartitionReassignmentsTopics",
                new("Name", FieldType.String, "0+"),
                new("PartitionIndexes", FieldType.ArrayOf(FieldType.Int32), "0+"))), "0+", nullable: "0+", @default: FieldSchema.Null));

    /// <summary>The ListPartitionReassignments response schema.</summary>
    public static StructSchema Response { get; } = new(
        "ListPartitionReassignmentsResponse",
        new("ThrottleTimeMs", FieldType.Int32, "0+"),
        new("ErrorCode", FieldType.Int16, "0+"),
        new("ErrorMessage", FieldType.String, "0+", nullable: "0+"),
        new("Topics", FieldType.ArrayOf(new StructSchema(
                "OngoingTopicReassignment",
                new("Name", FieldType.String, "0+"),
                new("Partitions", FieldType.ArrayOf(new StructSchema(
                        "OngoingPartitionReassignment",
                        new("PartitionIndex", FieldType.Int32, "0+"),
                        new("Replicas", FieldType.ArrayOf(FieldType.Int32), "0+"),
                        new("AddingReplicas", FieldType.ArrayOf(FieldType.Int32), "0+"),
                        new("RemovingReplicas", FieldType.ArrayOf(FieldType.Int32), "0+"))), "0+"))), "0+"));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.ListPartitionReassignments, "0", "0+", Request, Response);
}
