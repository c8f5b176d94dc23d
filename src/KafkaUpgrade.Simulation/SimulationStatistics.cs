namespace KafkaUpgrade.Simulation;

/// <summary>
/// What a rehearsal is judged on, counted as it happens: writes acknowledged and lost, safety rules broken by an
/// operator action (a controlled stop that took a partition below <c>min.insync.replicas</c>, a node destroyed
/// while it still held data), bytes moved, and per-partition time unwritable.
/// </summary>
public sealed class SimulationStatistics
{
    /// <summary>Writes acknowledged to producers (acks=all).</summary>
    public long AckedWrites { get; internal set; }

    /// <summary>Writes refused (NOT_ENOUGH_REPLICAS, no leader).</summary>
    public long FailedWrites { get; internal set; }

    /// <summary>Acknowledged writes no replica holds any more.</summary>
    public long LostAckedWrites { get; internal set; }

    /// <summary>Controlled stops that left a partition (RF above minISR) with fewer in-sync replicas than minISR.</summary>
    public long MinIsrViolations { get; internal set; }

    /// <summary>Decommissions of a node that still held a replica or a quorum seat.</summary>
    public long UnsafeRemovals { get; internal set; }

    /// <summary>Bytes copied to new replicas.</summary>
    public double BytesReplicatedToNewReplicas { get; internal set; }

    /// <summary>Partition reassignments completed.</summary>
    public long ReassignmentsCompleted { get; internal set; }

    /// <summary>Milliseconds each partition under traffic could not take writes.</summary>
    public Dictionary<string, long> UnwritableMsByPartition { get; } = [];

    /// <summary>Human-readable record of the safety events, newest last.</summary>
    public List<string> SafetyEvents { get; } = [];
}
