using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// SaslAuthenticate (key 36): versions 0-2, flexible 2+. Our declaration of the fields of Kafka's
/// SaslAuthenticateRequest.json and SaslAuthenticateResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class SaslAuthenticateApi
{
    /// <summary>The SaslAuthenticate request schema.</summary>
    public static StructSchema Request { get; } = new(
        "SaslAuthenticateRequest",
        new FieldSchema("AuthBytes", FieldType.Bytes, "0+"));

    /// <summary>The SaslAuthenticate response schema.</summary>
    public static StructSchema Response { get; } = new(
        "SaslAuthenticateResponse",
        new("ErrorCode", FieldType.Int16, "0+"),
        new("ErrorMessage", FieldType.String, "0+", nullable: "0+"),
        new("AuthBytes", FieldType.Bytes, "0+"),
        new("SessionLifetimeMs", FieldType.Int64, "1+", ignorable: true));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.SaslAuthenticate, "0-2", "2+", Request, Response);
}
