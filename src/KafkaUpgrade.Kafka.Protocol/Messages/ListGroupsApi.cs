using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// ListGroups (key 16): versions 0-5, flexible 3+. Our declaration of the fields of Kafka's
/// ListGroupsRequest.json and ListGroupsResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class ListGroupsApi
{
    /// <summary>The ListGroups request schema.</summary>
    public static StructSchema Request { get; } = new(
        "ListGroupsRequest",
        new("StatesFilter", FieldType.ArrayOf(FieldType.String), "4+"),
        new("TypesFilter", FieldType.ArrayOf(FieldType.String), "5+"));

    /// <summary>The ListGroups response schema.</summary>
    public static StructSchema Response { get; } = new(
        "ListGroupsResponse",
        new("ThrottleTimeMs", FieldType.Int32, "1+", ignorable: true),
        new("ErrorCode", FieldType.Int16, "0+"),
        new("Groups", FieldType.ArrayOf(new StructSchema(
                "ListedGroup",
                new("GroupId", FieldType.String, "0+"),
                new("ProtocolType", FieldType.String, "0+"),
                new("GroupState", FieldType.String, "4+", ignorable: true),
                new("GroupType", FieldType.String, "5+", ignorable: true))), "0+"));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.ListGroups, "0-5", "3+", Request, Response);
}
