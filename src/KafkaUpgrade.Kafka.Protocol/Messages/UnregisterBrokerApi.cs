using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// UnregisterBroker (key 64): versions 0, flexible 0+. Our declaration of the fields of Kafka's
/// UnregisterBrokerRequest.json and UnregisterBrokerResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class UnregisterBrokerApi
{
    /// <summary>The UnregisterBroker request schema.</summary>
    public static StructSchema Request { get; } = new(
        "UnregisterBrokerRequest",
        new FieldSchema("BrokerId", FieldType.Int32, "0+"));

    /// <summary>The UnregisterBroker response schema.</summary>
    public static StructSchema Response { get; } = new(
        "UnregisterBrokerResponse",
        new("ThrottleTimeMs", FieldType.Int32, "0+"),
        new("ErrorCode", FieldType.Int16, "0+"),
        new("ErrorMessage", FieldType.String, "0+", nullable: "0+"));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.UnregisterBroker, "0", "0+", Request, Response);
}
