using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// DescribeLogDirs (key 35): versions 0-4, flexible 2+. Our declaration of the fields of Kafka's
/// DescribeLogDirsRequest.json and DescribeLogDirsResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class DescribeLogDirsApi
{
    /// <summary>The DescribeLogDirs request schema.</summary>
    public static StructSchema Request { get; } = new(
        "DescribeLogDirsRequest",
        new FieldSchema("Topics", FieldType.ArrayOf(new StructSchema(
                "DescribableLogDirTopic",
                new("Topic", FieldType.String, "0+"),
                new("Partitions", FieldType.ArrayOf(FieldType.Int32), "0+"))), "0+", nullable: "0+"));

    /// <summary>The DescribeLogDirs response schema.</summary>
    public static StructSchema Response { get; } = new(
        "DescribeLogDirsResponse",
        new("ThrottleTimeMs", FieldType.Int32, "0+"),
        new("ErrorCode", FieldType.Int16, "3+", ignorable: true),
        new("Results", FieldType.ArrayOf(new StructSchema(
                "DescribeLogDirsResult",
                new("ErrorCode", FieldType.Int16, "0+"),
                new("LogDir", FieldType.String, "0+"),
                new("Topics", FieldType.ArrayOf(new StructSchema(
                        "DescribeLogDirsTopic",
                        new("Name", FieldType.String, "0+"),
                        new("Partitions", FieldType.ArrayOf(new StructSchema(
                                "DescribeLogDirsPartition",
                                new("PartitionIndex", FieldType.Int32, "0+"),
                                new("PartitionSize", FieldType.Int64, "0+"),
                                new("OffsetLag", FieldType.Int64, "0+"),
                                new("IsFutureKey", FieldType.Bool, "0+"))), "0+"))), "0+"),
                new("TotalBytes", FieldType.Int64, "4+", @default: -1L, ignorable: true),
                new("UsableBytes", FieldType.Int64, "4+", @default: -1L, ignorable: true))), "0+"));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.DescribeLogDirs, "0-4", "2+", Request, Response);
}
