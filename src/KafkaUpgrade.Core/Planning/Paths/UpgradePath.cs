namespace KafkaUpgrade.Core.Planning.Paths;

/// <summary>The ordered steps from the current cluster to the target, and what the operator must check besides.</summary>
/// <param name="Request">What was asked.</param>
/// <param name="Hops">Steps in execution order; each starts where the previous one ended.</param>
/// <param name="Warnings">Prerequisites outside the cluster (Java, clients) and deprecations the path runs into.</param>
public sealed record UpgradePath(UpgradePathRequest Request, IReadOnlyList<UpgradeHop> Hops, IReadOnlyList<string> Warnings)
{
    /// <summary>The steps that cannot be undone.</summary>
    public IEnumerable<UpgradeHop> RollbackBoundaries => Hops.Where(h => h.IsRollbackBoundary);
}
