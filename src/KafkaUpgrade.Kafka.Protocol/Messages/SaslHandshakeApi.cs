using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// SaslHandshake (key 17): versions 0-1, flexible none. Our declaration of the fields of Kafka's
/// SaslHandshakeRequest.json and SaslHandshakeResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class SaslHandshakeApi
{
    /// <summary>The SaslHandshake request schema.</summary>
    public static StructSchema Request { get; } = new(
        "SaslHandshakeRequest",
        new FieldSchema("Mechanism", FieldType.String, "0+"));

    /// <summary>The SaslHandshake response schema.</summary>
    public static StructSchema Response { get; } = new(
        "SaslHandshakeResponse",
        new("ErrorCode", FieldType.Int16, "0+"),
        new("Mechanisms", FieldType.ArrayOf(FieldType.String), "0+"));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.SaslHandshake, "0-1", "none", Request, Response);
}
