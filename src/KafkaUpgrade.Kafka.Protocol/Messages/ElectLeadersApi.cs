using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// ElectLeaders (key 43): versions 0-2, flexible 2+. Our declaration of the fields of Kafka's
/// ElectLeadersRequest.json and ElectLeadersResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class ElectLeadersApi
{
    /// <summary>The ElectLeaders request schema.</summary>
    public static StructSchema Request { get; } = new(
        "ElectLeadersRequest",
        new("ElectionType", FieldType.Int8, "1+"),
        new("TopicPartitions", FieldType.ArrayOf(new StructSchema(
                "TopicPartitions",
                new("Topic", FieldType.String, "0+"),
                new("Partitions", FieldType.ArrayOf(FieldType.Int32), "0+"))), "0+", nullable: "0+"),
        new("TimeoutMs", FieldType.Int32, "0+", @default: 60000));

    /// <summary>The ElectLeaders response schema.</summary>
    public static StructSchema Response { get; } = new(
        "ElectLeadersResponse",
        new("ThrottleTimeMs", FieldType.Int32, "0+"),
        new("ErrorCode", FieldType.Int16, "1+"),
        new("ReplicaElectionResults", FieldType.ArrayOf(new StructSchema(
                "ReplicaElectionResult",
                new("Topic", FieldType.String, "0+"),
                new("PartitionResult", FieldType.ArrayOf(new StructSchema(
                        "PartitionResult",
                        new("PartitionId", FieldType.Int32, "0+"),
                        new("ErrorCode", FieldType.Int16, "0+"),
                        new("ErrorMessage", FieldType.String, "0+", nullable: "0+"))), "0+"))), "0+"));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.ElectLeaders, "0-2", "2+", Request, Response);
}
