namespace KafkaUpgrade.Core.Planning.Paths;

/// <summary>Choices the operator makes about a path.</summary>
/// <param name="FinalizeAtEnd">
/// Finalize (bump <c>inter.broker.protocol.version</c> or <c>metadata.version</c>) after the last software step.
/// Off keeps the cluster on the old metadata so the last software step can still be rolled back; intermediate
/// finalizations that later steps depend on are planned regardless.
/// </param>
/// <param name="AllowZooKeeperMigration">Whether the path may migrate a ZooKeeper cluster to KRaft when the target has no ZooKeeper.</param>
public sealed record UpgradePathOptions(bool FinalizeAtEnd = true, bool AllowZooKeeperMigration = true)
{
    /// <summary>Finalize at the end, migrate when needed.</summary>
    public static UpgradePathOptions Default { get; } = new();
}
