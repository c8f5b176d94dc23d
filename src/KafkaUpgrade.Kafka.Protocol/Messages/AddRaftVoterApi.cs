using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// AddRaftVoter (key 80): versions 0, flexible 0+. Our declaration of the fields of Kafka's
/// AddRaftVoterRequest.json and AddRaftVoterResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class AddRaftVoterApi
{
    /// <summary>The AddRaftVoter request schema.</summary>
    public static StructSchema Request { get; } = new(
        "AddRaftVoterRequest",
        new("ClusterId", FieldType.String, "0+", nullable: "0+"),
        new("TimeoutMs", FieldType.Int32, "0+"),
        new("VoterId", FieldType.Int32, "0+"),
        new("VoterDirectoryId", FieldType.Uuid, "0+"),
        new("Listeners", FieldType.ArrayOf(new StructSchema(
                "Listener",
                new("Name", FieldType.String, "0+"),
                new("Host", FieldType.String, "0+"),
                new("Port", FieldType.UInt16, "0+"))), "0+"));

    /// <summary>The AddRaftVoter response schema.</summary>
    public static StructSchema Response { get; } = new(
        "AddRaftVoterResponse",
        new("ThrottleTimeMs", FieldType.Int32, "0+"),
        new("ErrorCode", FieldType.Int16, "0+"),
        new("ErrorMessage", FieldType.String, "0+", nullable: "0+", ignorable: true));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.AddRaftVoter, "0", "0+", Request, Response);
}
