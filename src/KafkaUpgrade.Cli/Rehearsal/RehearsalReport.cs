namespace KafkaUpgrade.Cli.Rehearsal;

/// <summary>
/// What a rehearsal (or the demo) found: the outcome, data moved, writes acknowledged and lost, safety rules
/// broken, per-partition unavailability and the time taken. Printed as text, or as one JSON object with
/// <c>--json</c>; field names are part of the CLI's contract.
/// </summary>
public sealed record RehearsalReport
{
    /// <summary><c>completed</c>, <c>aborted</c> or <c>failed</c>.</summary>
    public required string Status { get; init; }

    /// <summary>What the workflow said at the end (or the failure).</summary>
    public required string Summary { get; init; }

    /// <summary>Cluster id.</summary>
    public required string ClusterId { get; init; }

    /// <summary>How the workers reached the cluster: <c>in-process</c> (the simulator's ports) or <c>kafka-protocol</c> (the <c>kafka</c> adapter and command hooks, worker processes).</summary>
    public required string Binding { get; init; }

    /// <summary>Lowest node version before.</summary>
    public required string FromVersion { get; init; }

    /// <summary>Target version.</summary>
    public required string ToVersion { get; init; }

    /// <summary>Metadata mode before.</summary>
    public required string InitialMetadataMode { get; init; }

    /// <summary>Metadata mode at the end (ZooKeeper, KRaft, or a migration phase).</summary>
    public required string FinalMetadataMode { get; init; }

    /// <summary>Finalized <c>metadata.version</c> at the end (KRaft), or <c>inter.broker.protocol.version</c> (ZooKeeper).</summary>
    public string? FinalMetadataVersion { get; init; }

    /// <summary>Brokers running at the end.</summary>
    public required int Brokers { get; init; }

    /// <summary>Hops the plan had.</summary>
    public required IReadOnlyList<string> Hops { get; init; }

    /// <summary>Partition moves completed.</summary>
    public required long PartitionsMoved { get; init; }

    /// <summary>Bytes replicated to new replicas.</summary>
    public required long BytesMoved { get; init; }

    /// <summary>Writes acknowledged (acks=all) during the run.</summary>
    public required long AckedWrites { get; init; }

    /// <summary>Acknowledged writes no longer in any replica: must be zero.</summary>
    public required long LostAckedWrites { get; init; }

    /// <summary>Times the orchestrator took a partition below min.insync.replicas: must be zero.</summary>
    public required long MinIsrViolations { get; init; }

    /// <summary>Nodes removed while holding data or a vote: must be zero.</summary>
    public required long UnsafeRemovals { get; init; }

    /// <summary>Partitions that were unwritable (acks=all refused) for some time.</summary>
    public required int PartitionsUnavailable { get; init; }

    /// <summary>The longest time one partition was unwritable, in simulated seconds.</summary>
    public required double MaxPartitionUnavailableSeconds { get; init; }

    /// <summary>The partitions unwritable longest (name and simulated seconds), at most ten.</summary>
    public required IReadOnlyList<PartitionUnavailability> LongestUnavailable { get; init; }

    /// <summary>Safety events the simulator recorded (a rule broken), at most twenty.</summary>
    public required IReadOnlyList<string> SafetyEvents { get; init; }

    /// <summary>True when no replication throttle was left behind.</summary>
    public required bool ThrottleCleared { get; init; }

    /// <summary>Worker processes killed with SIGKILL (chaos).</summary>
    public required int WorkerKills { get; init; }

    /// <summary>Simulated time the upgrade took.</summary>
    public required double SimulatedSeconds { get; init; }

    /// <summary>
    /// The least simulated time the same plan could take: its data at the throttle across the receiving brokers plus
    /// the restarts' and provisionings' own time (<see cref="Core.Planning.Upgrade.PlanLowerBound"/>). Null when the
    /// cluster could not be planned.
    /// </summary>
    public double? LowerBoundSeconds { get; init; }

    /// <summary>Simulated time the upgrade took above <see cref="LowerBoundSeconds"/>: polls, gates, waits for the ISR, data written during the run.</summary>
    public double? OverheadSeconds { get; init; }

    /// <summary>Real time, start-up included.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>True when the upgrade completed with nothing lost and no rule broken.</summary>
    public bool Succeeded => Status == "completed" && LostAckedWrites == 0 && MinIsrViolations == 0 && UnsafeRemovals == 0 && ThrottleCleared;
}

/// <summary>How long one partition could not take writes.</summary>
/// <param name="Partition">topic-partition.</param>
/// <param name="Seconds">Simulated seconds unwritable.</param>
public sealed record PartitionUnavailability(string Partition, double Seconds);
