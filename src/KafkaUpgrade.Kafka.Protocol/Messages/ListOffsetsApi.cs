using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// ListOffsets (key 2): versions 0-10, flexible 6+. Our declaration of the fields of Kafka's
/// ListOffsetsRequest.json and ListOffsetsResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class ListOffsetsApi
{
    /// <summary>The ListOffsets request schema.</summary>
    public static StructSchema Request { get; } = new(
        "ListOffsetsRequest",
        new("ReplicaId", FieldType.Int32, "0+"),
        new("IsolationLevel", FieldType.Int8, "2+"),
        new("Topics", FieldType.ArrayOf(new StructSchema(
                "ListOffsetsTopic",
                new("Name", FieldType.String, "0+"),
                new("Partitions", FieldType.ArrayOf(new StructSchema(
                        "ListOffsetsPartition",
                        new("PartitionIndex", FieldType.Int32, "0+"),
                        new("CurrentLeaderEpoch", FieldType.Int32, "4+", @default: -1, ignorable: true),
                        new("Timestamp", FieldType.Int64, "0+"),
                        new("MaxNumOffsets", FieldType.Int32, "0", @default: 1))), "0+"))), "0+"),
        new("TimeoutMs", FieldType.Int32, "10+", ignorable: true));

    /// <summary>The ListOffsets response schema.</summary>
    public static StructSchema Response { get; } = new(
        "ListOffsetsResponse",
        new("ThrottleTimeMs", FieldType.Int32, "2+", ignorable: true),
        new("Topics", FieldType.ArrayOf(new StructSchema(
                "ListOffsetsTopicResponse",
                new("Name", FieldType.String, "0+"),
                new("Partitions", FieldType.ArrayOf(new StructSchema(
                        "ListOffsetsPartitionResponse",
                        new("PartitionIndex", FieldType.Int32, "0+"),
                        new("ErrorCode", FieldType.Int16, "0+"),
                        new("OldStyleOffsets", FieldType.ArrayOf(FieldType.Int64), "0"),
                        new("Timestamp", FieldType.Int64, "1+", @default: -1L),
                        new("Offset", FieldType.Int64, "1+", @default: -1L),
                        new("LeaderEpoch", FieldType.Int32, "4+", @default: -1))), "0+"))), "0+"));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.ListOffsets, "0-10", "6+", Request, Response);
}
