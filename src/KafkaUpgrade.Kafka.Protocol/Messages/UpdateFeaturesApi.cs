using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// UpdateFeatures (key 57): versions 0-2, flexible 0+. Our declaration of the fields of Kafka's
/// UpdateFeaturesRequest.json and UpdateFeaturesResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class UpdateFeaturesApi
{
    /// <summary>The UpdateFeatures request schema.</summary>
    public static StructSchema Request { get; } = new(
        "UpdateFeaturesRequest",
        new("timeoutMs", FieldType.Int32, "0+", @default: 60000),
        new("FeatureUpdates", FieldType.ArrayOf(new StructSchema(
                "FeatureUpdateKey",
                new("Feature", FieldType.String, "0+"),
                new("MaxVersionLevel", FieldType.Int16, "0+"),
                new("AllowDowngrade", FieldType.Bool, "0"),
                new("UpgradeType", FieldType.Int8, "1+", @default: (sbyte)1))), "0+"),
        new("ValidateOnly", FieldType.Bool, "1+", @default: false));

    /// <summary>The UpdateFeatures response schema.</summary>
    public static StructSchema Response { get; } = new(
        "UpdateFeaturesResponse",
        new("ThrottleTimeMs", FieldType.Int32, "0+"),
        new("ErrorCode", FieldType.Int16, "0+"),
        new("ErrorMessage", FieldType.String, "0+", nullable: "0+"),
        new("Results", FieldType.ArrayOf(new StructSchema(
                "UpdatableFeatureResult",
                new("Feature", FieldType.String, "0+"),
                new("ErrorCode", FieldType.Int16, "0+"),
                new("ErrorMessage", FieldType.String, "0+", nullable: "0+"))), "0-1", ignorable: true));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.UpdateFeatures, "0-2", "0+", Request, Response);
}
