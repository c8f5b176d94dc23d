using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// Metadata (key 3): versions 0-12, flexible 9+. Our declaration of the fields of Kafka's
/// MetadataRequest.json and MetadataResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class MetadataApi
{
    /// <summary>The Metadata request schema.</summary>
    public static StructSchema Request { get; } = new(
        "MetadataRequest",
        new("Topics", FieldType.ArrayOf(new StructSchema(
                "MetadataRequestTopic",
                new("TopicId", FieldType.Uuid, "10+", ignorable: true),
                new("Name", FieldType.String, "0+", nullable: "10+"))), "0+", nullable: "1+"),
        new("AllowAutoTopicCreation", FieldType.Bool, "4+", @default: true),
        new("IncludeClusterAuthorizedOperations", FieldType.Bool, "8-10"),
        new("IncludeTopicAuthorizedOperations", FieldType.Bool, "8+"));

    /// <summary>The Metadata response schema.</summary>
    public static StructSchema Response { get; } = new(
        "MetadataResponse",
        new("ThrottleTimeMs", FieldType.Int32, "3+", ignorable: true),
        new("Brokers", FieldType.ArrayOf(new StructSchema(
                "MetadataResponseBroker",
                new("NodeId", FieldType.Int32, "0+"),
                new("Host", FieldType.String, "0+"),
                new("Port", FieldType.Int32, "0+"),
                new("Rack", FieldType.String, "1+", nullable: "1+", @default: FieldSchema.Null, ignorable: true))), "0+"),
        new("ClusterId", FieldType.String, "2+", nullable: "2+", @default: FieldSchema.Null, ignorable: true),
        new("ControllerId", FieldType.Int32, "1+", @default: -1, ignorable: true),
        new("Topics", FieldType.ArrayOf(new StructSchema(
                "MetadataResponseTopic",
                new("ErrorCode", FieldType.Int16, "0+"),
                new("Name", FieldType.String, "0+", nullable: "12+"),
                new("TopicId", FieldType.Uuid, "10+", ignorable: true),
                new("IsInternal", FieldType.Bool, "1+", @default: false, ignorable: true),
                new("Partitions", FieldType.ArrayOf(new StructSchema(
                        "MetadataResponsePartition",
                        new("ErrorCode", FieldType.Int16, "0+"),
                        new("PartitionIndex", FieldType.Int32, "0+"),
                        new("LeaderId", FieldType.Int32, "0+"),
                        new("LeaderEpoch", FieldType.Int32, "7+", @default: -1, ignorable: true),
                        new("ReplicaNodes", FieldType.ArrayOf(FieldType.Int32), "0+"),
                        new("IsrNodes", FieldType.ArrayOf(FieldType.Int32), "0+"),
                        new("OfflineReplicas", FieldType.ArrayOf(FieldType.Int32), "5+", ignorable: true))), "0+"),
                new("TopicAuthorizedOperations", FieldType.Int32, "8+", @default: int.MinValue))), "0+"),
        new("ClusterAuthorizedOperations", FieldType.Int32, "8-10", @default: int.MinValue));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.Metadata, "0-12", "9+", Request, Response);
}
