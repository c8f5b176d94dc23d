using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// OffsetFetch (key 9): versions 0-9, flexible 6+. Our declaration of the fields of Kafka's
/// OffsetFetchRequest.json and OffsetFetchResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class OffsetFetchApi
{
    /// <summary>The OffsetFetch request schema.</summary>
    public static StructSchema Request { get; } = new(
        "OffsetFetchRequest",
        new("GroupId", FieldType.String, "0-7"),
        new("Topics", FieldType.ArrayOf(new StructSchema(
                "OffsetFetchRequestTopic",
                new("Name", FieldType.String, "0-7"),
                new("PartitionIndexes", FieldType.ArrayOf(FieldType.Int32), "0-7"))), "0-7", nullable: "2-7"),
        new("Groups", FieldType.ArrayOf(new StructSchema(
                "OffsetFetchRequestGroup",
                new("GroupId", FieldType.String, "8+"),
                new("MemberId", FieldType.String, "9+", nullable: "9+", @default: FieldSchema.Null, ignorable: true),
                new("MemberEpoch", FieldType.Int32, "9+", @default: -1, ignorable: true),
                new("Topics", FieldType.ArrayOf(new StructSchema(
                        "OffsetFetchRequestTopics",
                        new("Name", FieldType.String, "8+"),
                        new("PartitionIndexes", FieldType.ArrayOf(FieldType.Int32), "8+"))), "8+", nullable: "8+"))), "8+"),
        new("RequireStable", FieldType.Bool, "7+", @default: false));

    /// <summary>The OffsetFetch response schema.</summary>
    public static StructSchema Response { get; } = new(
        "OffsetFetchResponse",
        new("ThrottleTimeMs", FieldType.Int32, "3+", ignorable: true),
        new("Topics", FieldType.ArrayOf(new StructSchema(
                "OffsetFetchResponseTopic",
                new("Name", FieldType.String, "0-7"),
                new("Partitions", FieldType.ArrayOf(new StructSchema(
                        "OffsetFetchResponsePartition",
                        new("PartitionIndex", FieldType.Int32, "0-7"),
                        new("CommittedOffset", FieldType.Int64, "0-7"),
                        new("CommittedLeaderEpoch", FieldType.Int32, "5-7", @default: -1, ignorable: true),
                        new("Metadata", FieldType.String, "0-7", nullable: "0-7"),
                        new("ErrorCode", FieldType.Int16, "0-7"))), "0-7"))), "0-7"),
        new("ErrorCode", FieldType.Int16, "2-7", ignorable: true),
        new("Groups", FieldType.ArrayOf(new StructSchema(
                "OffsetFetchResponseGroup",
                new("GroupId", FieldType.String, "8+"),
                new("Topics", FieldType.ArrayOf(new StructSchema(
                        "OffsetFetchResponseTopics",
                        new("Name", FieldType.String, "8+"),
                        new("Partitions", FieldType.ArrayOf(new StructSchema(
                                "OffsetFetchResponsePartitions",
                                new("PartitionIndex", FieldType.Int32, "8+"),
                                new("CommittedOffset", FieldType.Int64, "8+"),
                                new("CommittedLeaderEpoch", FieldType.Int32, "8+", @default: -1, ignorable: true),
                                new("Metadata", FieldType.String, "8+", nullable: "8+"),
                                new("ErrorCode", FieldType.Int16, "8+"))), "8+"))), "8+"),
                new("ErrorCode", FieldType.Int16, "8+"))), "8+"));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.OffsetFetch, "0-9", "6+", Request, Response);
}
