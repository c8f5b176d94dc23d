using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// DescribeCluster (key 60): versions 0-1, flexible 0+. Our declaration of the fields of Kafka's
/// DescribeClusterRequest.json and DescribeClusterResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class DescribeClusterApi
{
    /// <summary>The DescribeCluster request schema.</summary>
    public static StructSchema Request { get; } = new(
        "DescribeClusterRequest",
        new("IncludeClusterAuthorizedOperations", FieldType.Bool, "0+"),
        new("EndpointType", FieldType.Int8, "1+", @default: (sbyte)1));

    /// <summary>The DescribeCluster response schema.</summary>
    public static StructSchema Response { get; } = new(
        "DescribeClusterResponse",
        new("ThrottleTimeMs", FieldType.Int32, "0+"),
        new("ErrorCode", FieldType.Int16, "0+"),
        new("ErrorMessage", FieldType.String, "0+", nullable: "0+", @default: FieldSchema.Null),
        new("EndpointType", FieldType.Int8, "1+", @default: (sbyte)1),
        new("ClusterId", FieldType.String, "0+"),
        new("ControllerId", FieldType.Int32, "0+", @default: -1),
        new("Brokers", FieldType.ArrayOf(new StructSchema(
                "DescribeClusterBroker",
                new("BrokerId", FieldType.Int32, "0+"),
                new("Host", FieldType.String, "0+"),
                new("Port", FieldType.Int32, "0+"),
                new("Rack", FieldType.String, "0+", nullable: "0+", @default: FieldSchema.Null))), "0+"),
        new("ClusterAuthorizedOperations", FieldType.Int32, "0+", @default: int.MinValue));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.DescribeCluster, "0-1", "0+", Request, Response);
}
