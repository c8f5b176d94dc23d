namespace KafkaUpgrade.Simulation.State;

/// <summary>The KRaft controller quorum: voter set, leader, metadata log, and a membership change in flight.</summary>
internal sealed class SimQuorum
{
    public List<(int NodeId, Guid DirectoryId)> Voters { get; } = [];

    public int LeaderId { get; set; } = -1;

    public int LeaderEpoch { get; set; }

    /// <summary>When the leader was lost: a new one is elected one election time later.</summary>
    public long? LeaderLostAtMs { get; set; }

    /// <summary>A leader that resigned (controller failover): it does not stand in the election that follows.</summary>
    public int? ResignedLeaderId { get; set; }

    /// <summary>Metadata log end offset: one record per metadata change, plus the initial image.</summary>
    public long LogEndOffset { get; set; }

    /// <summary>A KIP-853 membership change waiting to commit.</summary>
    public (bool Add, int NodeId, Guid DirectoryId, long CommitAtMs)? PendingChange { get; set; }

    public bool IsVoter(int nodeId) => Voters.Exists(v => v.NodeId == nodeId);
}
