using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Safety;

/// <summary>
/// The steps of a KIP-853 controller replacement a workflow waits for, read off DescribeQuorum: each returns the
/// reason to keep waiting, or null once the step is done. One rule, used by the workflow's own checks and by the
/// waiting activity alike.
/// </summary>
public static class QuorumMembership
{
    /// <summary>
    /// How far (metadata log records) a new controller's log end offset may be behind the leader's high watermark to
    /// count as caught up. The leader writes a few records a second even when idle, so "equal" would race; Kafka's
    /// AddVoter handler re-checks and answers REQUEST_TIMED_OUT (retried) if it is still lagging.
    /// </summary>
    public const long MaxLagRecords = 100;

    /// <summary>Null once <paramref name="nodeId"/> is an observer within <see cref="MaxLagRecords"/> of the leader's high watermark.</summary>
    public static string? NotYetCaughtUpObserver(QuorumState quorum, int nodeId)
    {
        ArgumentNullException.ThrowIfNull(quorum);
        if (quorum.Observers.FirstOrDefault(o => o.NodeId == nodeId) is not { } observer)
        {
            return $"controller {nodeId} is not registered as an observer of the quorum yet";
        }

        if (!quorum.HasLeader)
        {
            return "the quorum has no leader right now";
        }

        var lag = quorum.HighWatermark - observer.LogEndOffset;
        return lag <= MaxLagRecords
            ? null
            : $"observer {nodeId} is {lag} metadata record(s) behind the leader's high watermark {quorum.HighWatermark} (catching up)";
    }

    /// <summary>Null once <paramref name="nodeId"/> is a voter that has caught up with the leader.</summary>
    public static string? NotYetHealthyVoter(QuorumState quorum, int nodeId)
    {
        ArgumentNullException.ThrowIfNull(quorum);
        if (quorum.Voters.FirstOrDefault(v => v.NodeId == nodeId) is not { } voter)
        {
            return $"AddRaftVoter {nodeId} has not committed yet (voters: {string.Join(",", quorum.Voters.Select(v => v.NodeId))})";
        }

        if (!quorum.HasLeader)
        {
            return "the quorum has no leader right now";
        }

        var lag = quorum.HighWatermark - voter.LogEndOffset;
        return lag <= MaxLagRecords && voter.LastCaughtUpTimestampMs is not null
            ? null
            : $"voter {nodeId} is {lag} metadata record(s) behind the leader";
    }

    /// <summary>Null once <paramref name="nodeId"/> is no longer a voter and the quorum has a leader other than it.</summary>
    public static string? NotYetRemoved(QuorumState quorum, int nodeId)
    {
        ArgumentNullException.ThrowIfNull(quorum);
        if (quorum.Voters.Any(v => v.NodeId == nodeId))
        {
            return $"RemoveRaftVoter {nodeId} has not committed yet";
        }

        return quorum.HasLeader && quorum.LeaderId != nodeId ? null : $"controller {nodeId} resigned; waiting for the quorum to elect a new leader";
    }
}
