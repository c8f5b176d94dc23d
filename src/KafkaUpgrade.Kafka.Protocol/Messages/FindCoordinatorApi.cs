using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// FindCoordinator (key 10): versions 0-6, flexible 3+. Our declaration of the fields of Kafka's
/// FindCoordinatorRequest.json and FindCoordinatorResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class FindCoordinatorApi
{
    /// <summary>The FindCoordinator request schema.</summary>
    public static StructSchema Request { get; } = new(
        "FindCoordinatorRequest",
        new("Key", FieldType.String, "0-3"),
        new("KeyType", FieldType.Int8, "1+"),
        new("CoordinatorKeys", FieldType.ArrayOf(FieldType.String), "4+"));

    /// <summary>The FindCoordinator response schema.</summary>
    public static StructSchema Response { get; } = new(
        "FindCoordinatorResponse",
        new("ThrottleTimeMs", FieldType.Int32, "1+", ignorable: true),
        new("ErrorCode", FieldType.Int16, "0-3"),
        new("ErrorMessage", FieldType.String, "1-3", nullable: "1-3", ignorable: true),
        new("NodeId", FieldType.Int32, "0-3"),
        new("Host", FieldType.String, "0-3"),
        new("Port", FieldType.Int32, "0-3"),
        new("Coordinators", FieldType.ArrayOf(new StructSchema(
                "Coordinator",
                new("Key", FieldType.String, "4+"),
                new("NodeId", FieldType.Int32, "4+"),
                new("Host", FieldType.String, "4+"),
                new("Port", FieldType.Int32, "4+"),
                new("ErrorCode", FieldType.Int16, "4+"),
                new("ErrorMessage", FieldType.String, "4+", nullable: "4+", ignorable: true))), "4+"));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.FindCoordinator, "0-6", "3+", Request, Response);
}
