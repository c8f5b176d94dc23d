using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Messages;

/// <summary>
/// RemoveRaftVoter (key 81): versions 0, flexible 0+. Our declaration of the fields of Kafka's
/// RemoveRaftVoterRequest.json and RemoveRaftVoterResponse.json (apache/kafka clients/src/main/resources/common/message).
/// </summary>
public static class RemoveRaftVoterApi
{
    /// <summary>The RemoveRaftVoter request schema.</summary>
    public static StructSchema Request { get; } = new(
        "RemoveRaftVoterRequest",
        new("ClusterId", FieldType.String, "0+", nullable: "0+"),
        new("VoterId", FieldType.Int32, "0+"),
        new("VoterDirectoryId", FieldType.Uuid, "0+"));

    /// <summary>The RemoveRaftVoter response schema.</summary>
    public static StructSchema Response { get; } = new(
        "RemoveRaftVoterResponse",
        new("ThrottleTimeMs", FieldType.Int32, "0+"),
        new("ErrorCode", FieldType.Int16, "0+"),
        new("ErrorMessage", FieldType.String, "0+", nullable: "0+", ignorable: true));

    /// <summary>The API: key, versions and schemas.</summary>
    public static ApiDefinition Definition { get; } = new(ApiKey.RemoveRaftVoter, "0", "0+", Request, Response);
}
