using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// DescribeGroups (key 15): versions 0-5, flexible 5+. Our declaration of the fields of Kafka's
/// DescribeGroupsRequest.json and DescribeGroupsResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class DescribeGroupsApi
{
    /// <summary>The DescribeGroups request schema.</summary>
    public static StructSchema Request { get; } = new(
        "DescribeGroupsRequest",
        new("Groups", FieldType.ArrayOf(FieldType.String), "0+"),
        new("IncludeAuthorizedOperations", FieldType.Bool, "3+"));

    /// <summary>The DescribeGroups response schema.</summary>
    public static StructSchema Response { get; } = new(
        "DescribeGroupsResponse",
        new("ThrottleTimeMs", FieldType.Int32, "1+", ignorable: true),
        new("Groups", FieldType.ArrayOf(new StructSchema(
                "DescribedGroup",
                new("ErrorCode", FieldType.Int16, "0+"),
                new("GroupId", FieldType.String, "0+"),
                new("GroupState", FieldType.String, "0+"),
                new("ProtocolType", FieldType.String, "0+"),
                new("ProtocolData", FieldType.String, "0+"),
                new("Members", FieldType.ArrayOf(new StructSchema(
                        "DescribedGroupMember",
                        new("MemberId", FieldType.String, "0+"),
                        new("GroupInstanceId", FieldType.String, "4+", nullable: "4+", @default: FieldSchema.Null, ignorable: true),
                        new("ClientId", FieldType.String, "0+"),
                        new("ClientHost", FieldType.String, "0+"),
                        new("MemberMetadata", FieldType.Bytes, "0+"),
                        new("MemberAssignment", FieldType.Bytes, "0+"))), "0+"),
                new("AuthorizedOperations", FieldType.Int32, "3+", @default: int.MinValue))), "0+"));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.DescribeGroups, "0-5", "5+", Request, Response);
}
