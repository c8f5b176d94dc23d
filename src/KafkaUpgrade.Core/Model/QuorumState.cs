namespace KafkaUpgrade.Core.Model;

/// <summary>One member of the KRaft quorum as DescribeQuorum reports it.</summary>
/// <param name="NodeId">Replica id.</param>
/// <param name="DirectoryId">The metadata log directory id (KIP-853); all zeros for a static quorum.</param>
/// <param name="LogEndOffset">Its metadata log end offset, or -1 when unknown.</param>
/// <param name="LastFetchTimestampMs">When it last fetched, or null when unknown (the leader reports null).</param>
/// <param name="LastCaughtUpTimestampMs">When it was last caught up with the leader, or null when unknown.</param>
public sealed record QuorumMember(
    int NodeId,
    Guid DirectoryId,
    long LogEndOffset,
    long? LastFetchTimestampMs,
    long? LastCaughtUpTimestampMs);

/// <summary>The KRaft controller quorum (DescribeQuorum).</summary>
/// <param name="LeaderId">Active controller, or -1 when the quorum has no leader.</param>
/// <param name="LeaderEpoch">Raft epoch.</param>
/// <param name="HighWatermark">Committed offset of the metadata log.</param>
/// <param name="Voters">Voters (CurrentVoters).</param>
/// <param name="Observers">Observers: brokers and controllers that are not voters.</param>
public sealed record QuorumState(
    int LeaderId,
    int LeaderEpoch,
    long HighWatermark,
    IReadOnlyList<QuorumMember> Voters,
    IReadOnlyList<QuorumMember> Observers)
{
    /// <summary>True when the quorum has elected a leader.</summary>
    public bool HasLeader => LeaderId >= 0;

    /// <summary>The leader's own entry, if it is a voter.</summary>
    public QuorumMember? Leader => Voters.FirstOrDefault(v => v.NodeId == LeaderId);
}
