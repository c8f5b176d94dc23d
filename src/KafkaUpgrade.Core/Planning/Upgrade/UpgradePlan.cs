using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Safety;

namespace KafkaUpgrade.Core.Planning.Upgrade;

/// <summary>Everything <c>kafka-upgrade plan</c> shows: hops with their cost, safety verdicts, warnings, ETA. Changes nothing.</summary>
/// <param name="ClusterId">The cluster.</param>
/// <param name="From">Version the cluster runs.</param>
/// <param name="To">Target version.</param>
/// <param name="ModeBefore">Metadata mode now.</param>
/// <param name="ModeAfter">Metadata mode at the end.</param>
/// <param name="Options">Choices the plan was made with.</param>
/// <param name="Preflight">Checks on the cluster as it is now (health, disk headroom).</param>
/// <param name="Hops">Hops in order.</param>
/// <param name="Warnings">Prerequisites and deprecations.</param>
public sealed record UpgradePlan(
    string ClusterId,
    KafkaVersion From,
    KafkaVersion To,
    MetadataMode ModeBefore,
    MetadataMode ModeAfter,
    UpgradePlanOptions Options,
    IReadOnlyList<GateVerdict> Preflight,
    IReadOnlyList<HopPlan> Hops,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Sum of the hops' estimates (approval waits not included).</summary>
    public TimeSpan Estimate => Hops.Aggregate(TimeSpan.Zero, (sum, h) => sum + h.Estimate);

    /// <summary>Total bytes copied.</summary>
    public long BytesMoved => Hops.Sum(h => h.BytesMoved);

    /// <summary>True when every preflight check passes: the upgrade could start now.</summary>
    public bool ReadyToStart => Preflight.All(v => v.Allowed);
}
