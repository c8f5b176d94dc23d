using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// ApiVersions (key 18): versions 0-4, flexible 3+. Our declaration of the fields of Kafka's
/// ApiVersionsRequest.json and ApiVersionsResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class ApiVersionsApi
{
    /// <summary>The ApiVersions request schema.</summary>
    public static StructSchema Request { get; } = new(
        "ApiVersionsRequest",
        new("ClientSoftwareName", FieldType.String, "3+", ignorable: true),
        new("ClientSoftwareVersion", FieldType.String, "3+", ignorable: true));

    /// <summary>The ApiVersions response schema.</summary>
    public static StructSchema Response { get; } = new(
        "ApiVersionsResponse",
        new("ErrorCode", FieldType.Int16, "0+"),
        new("ApiKeys", FieldType.ArrayOf(new StructSchema(
                "ApiVersion",
                new("ApiKey", FieldType.Int16, "0+"),
                new("MinVersion", FieldType.Int16, "0+"),
                new("MaxVersion", FieldType.Int16, "0+"))), "0+"),
        new("ThrottleTimeMs", FieldType.Int32, "1+", ignorable: true),
        new("SupportedFeatures", FieldType.ArrayOf(new StructSchema(
                "SupportedFeatureKey",
                new("Name", FieldType.String, "3+"),
                new("MinVersion", FieldType.Int16, "3+"),
                new("MaxVersion", FieldType.Int16, "3+"))), "3+", tagged: "3+", tag: 0, ignorable: true),
        new("FinalizedFeaturesEpoch", FieldType.Int64, "3+", tagged: "3+", tag: 1, @default: -1L, ignorable: true),
        new("FinalizedFeatures", FieldType.ArrayOf(new StructSchema(
                "FinalizedFeatureKey",
                new("Name", FieldType.String, "3+"),
                new("MaxVersionLevel", FieldType.Int16, "3+"),
                new("MinVersionLevel", FieldType.Int16, "3+"))), "3+", tagged: "3+", tag: 2, ignorable: true),
        new("ZkMigrationReady", FieldType.Bool, "3+", tagged: "3+", tag: 3, @default: false, ignorable: true));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.ApiVersions, "0-4", "3+", Request, Response);
}
