using KafkaUpgrade.Core.Planning.Paths;
using KafkaUpgrade.Core.Safety;

namespace KafkaUpgrade.Core.Planning.Upgrade;

/// <summary>One hop of the path with what running it involves.</summary>
/// <param name="Hop">The hop.</param>
/// <param name="Summary">One line: what happens to which nodes.</param>
/// <param name="PartitionsMoved">Partitions reassigned (node replacement), 0 otherwise.</param>
/// <param name="BytesMoved">Bytes copied between brokers.</param>
/// <param name="Batches">Replacement or restart batches.</param>
/// <param name="Estimate">Expected duration.</param>
/// <param name="Verdicts">Safety checks evaluated on the current cluster for this hop (e.g. each restart batch).</param>
/// <param name="NeedsApproval">True for the rollback boundary: the hop waits for an operator's approval.</param>
public sealed record HopPlan(
    UpgradeHop Hop,
    string Summary,
    int PartitionsMoved,
    long BytesMoved,
    int Batches,
    TimeSpan Estimate,
    IReadOnlyList<GateVerdict> Verdicts,
    bool NeedsApproval)
{
    /// <summary>Time the hop's data takes to copy at the replication throttle: per batch, the busiest receiving
    /// broker's bytes over the per-broker rate (the throttle is a rate per broker). Zero when nothing moves.</summary>
    public TimeSpan TransferTime { get; init; }

    /// <summary>Node restarts the hop runs one after another (restart batches, controllers rolled one at a time).</summary>
    public int RestartRounds { get; init; }

    /// <summary>Rounds of new nodes provisioned and started (the nodes of a round start together).</summary>
    public int ProvisionRounds { get; init; }
}
