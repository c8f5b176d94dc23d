namespace KafkaUpgrade.Simulation.State;

/// <summary>The KRaft controller quorum: voter set, leader, metadata log, and a membership change in flight.</summary>
internal sealed class SimQuorum
{
    /// <summary>Voters as KIP-853 keys them: (node id, metadata directory id); Guid.Empty for a static voter.</summary>
    public List<(int NodeId, Guid DirectoryId)> Voters { get; } = [];

    public int LeaderId { get; set; } = -1;

    public int LeaderEpoch { get; set; }

    /// <summary>When the current leader was elected (a new active controller starts broker sessions then).</summary>
    public long LeaderSinceMs { get; set; }

    /// <summary>When the leader was lost: a new one is elected one election time later.</summary>
    public long? LeaderLostAtMs { get; set; }

    /// <summary>A leader that resigned (controller failover): it does not stand in the election that follows.</summary>
    public int? ResignedLeaderId { get; set; }

    /// <summary>Metadata log end offset: one record per metadata change, plus the initial image.</summary>
    public long LogEndOffset { get; set; }

    /// <summary>A KIP-853 VotersRecord appended (so already in <see cref="Voters"/>) but not committed yet.</summary>
    public PendingVoterChange? PendingChange { get; set; }

    public bool IsVoter(int nodeId) => Voters.Exists(v => v.NodeId == nodeId);
}

/// <summary>An uncommitted voter change and the caller waiting for its answer.</summary>
internal sealed class PendingVoterChange(bool add, int nodeId, Guid directoryId, long earliestCommitMs, long timeoutAtMs)
{
    public bool Add { get; } = add;

    public int NodeId { get; } = nodeId;

    public Guid DirectoryId { get; } = directoryId;

    public long EarliestCommitMs { get; } = earliestCommitMs;

    public long TimeoutAtMs { get; } = timeoutAtMs;

    /// <summary>Completes when the change commits; fails with REQUEST_TIMED_OUT when it did not in time.</summary>
    public TaskCompletionSource Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
