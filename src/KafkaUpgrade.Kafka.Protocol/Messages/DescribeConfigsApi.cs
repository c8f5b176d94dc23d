using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// DescribeConfigs (key 32): versions 0-4, flexible 4+. Our declaration of the fields of Kafka's
/// DescribeConfigsRequest.json and DescribeConfigsResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class DescribeConfigsApi
{
    /// <summary>The DescribeConfigs request schema.</summary>
    public static StructSchema Request { get; } = new(
        "DescribeConfigsRequest",
        new("Resources", FieldType.ArrayOf(new StructSchema(
                "DescribeConfigsResource",
                new("ResourceType", FieldType.Int8, "0+"),
                new("ResourceName", FieldType.String, "0+"),
                new("ConfigurationKeys", FieldType.ArrayOf(FieldType.String), "0+", nullable: "0+"))), "0+"),
        new("IncludeSynonyms", FieldType.Bool, "1+", @default: false),
        new("IncludeDocumentation", FieldType.Bool, "3+", @default: false));

    /// <summary>The DescribeConfigs response schema.</summary>
    public static StructSchema Response { get; } = new(
        "DescribeConfigsResponse",
        new("ThrottleTimeMs", FieldType.Int32, "0+"),
        new("Results", FieldType.ArrayOf(new StructSchema(
                "DescribeConfigsResult",
                new("ErrorCode", FieldType.Int16, "0+"),
                new("ErrorMessage", FieldType.String, "0+", nullable: "0+"),
                new("ResourceType", FieldType.Int8, "0+"),
                new("ResourceName", FieldType.String, "0+"),
                new("Configs", FieldType.ArrayOf(new StructSchema(
                        "DescribeConfigsResourceResult",
                        new("Name", FieldType.String, "0+"),
                        new("Value", FieldType.String, "0+", nullable: "0+"),
                        new("ReadOnly", FieldType.Bool, "0+"),
                        new("IsDefault", FieldType.Bool, "0"),
                        new("ConfigSource", FieldType.Int8, "1+", @default: (sbyte)-1, ignorable: true),
                        new("IsSensitive", FieldType.Bool, "0+"),
                        new("Synonyms", FieldType.ArrayOf(new StructSchema(
                                "DescribeConfigsSynonym",
                                new("Name", FieldType.String, "1+"),
                                new("Value", FieldType.String, "1+", nullable: "0+"),
                                new("Source", FieldType.Int8, "1+"))), "1+", ignorable: true),
                        new("ConfigType", FieldType.Int8, "3+", ignorable: true),
                        new("Documentation", FieldType.String, "3+", nullable: "0+", ignorable: true))), "0+"))), "0+"));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.DescribeConfigs, "0-4", "4+", Request, Response);
}
