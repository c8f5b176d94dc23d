using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// IncrementalAlterConfigs (key 44): versions 0-1, flexible 1+. Our declaration of the fields of Kafka's
/// IncrementalAlterConfigsRequest.json and IncrementalAlterConfigsResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class IncrementalAlterConfigsApi
{
    /// <summary>The IncrementalAlterConfigs request schema.</summary>
    public static StructSchema Request { get; } = new(
        "IncrementalAlterConfigsRequest",
        new("Resources", FieldType.ArrayOf(new StructSchema(
                "AlterConfigsResource",
                new("ResourceType", FieldType.Int8, "0+"),
                new("ResourceName", FieldType.String, "0+"),
                new("Configs", FieldType.ArrayOf(new StructSchema(
                        "AlterableConfig",
                        new("Name", FieldType.String, "0+"),
                        new("ConfigOperation", FieldType.Int8, "0+"),
                        new("Value", FieldType.String, "0+", nullable: "0+"))), "0+"))), "0+"),
        new("ValidateOnly", FieldType.Bool, "0+"));

    /// <summary>The IncrementalAlterConfigs response schema.</summary>
    public static StructSchema Response { get; } = new(
        "IncrementalAlterConfigsResponse",
        new("ThrottleTimeMs", FieldType.Int32, "0+"),
        new("Responses", FieldType.ArrayOf(new StructSchema(
                "AlterConfigsResourceResponse",
                new("ErrorCode", FieldType.Int16, "0+"),
                new("ErrorMessage", FieldType.String, "0+", nullable: "0+"),
                new("ResourceType", FieldType.Int8, "0+"),
                new("ResourceName", FieldType.String, "0+"))), "0+"));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.IncrementalAlterConfigs, "0-1", "1+", Request, Response);
}
