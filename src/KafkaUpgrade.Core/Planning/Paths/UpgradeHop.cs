using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Planning.Paths;

/// <summary>One step of an upgrade path, as an operator would run it.</summary>
/// <param name="Kind">What the step does.</param>
/// <param name="FromVersion">Software version every node runs before the step.</param>
/// <param name="ToVersion">Software version every node runs after it (equal to <paramref name="FromVersion"/> for metadata steps).</param>
/// <param name="ModeBefore">Metadata mode before the step.</param>
/// <param name="ModeAfter">Metadata mode after it.</param>
/// <param name="Feature">The feature the step sets (<see cref="FeatureNames"/>), or null when metadata stays pinned.</param>
/// <param name="FeatureBefore">That feature's value before the step (e.g. <c>3.6-IV2</c>), or null when unknown or not set.</param>
/// <param name="FeatureAfter">The value the step sets (e.g. <c>3.9-IV0</c>), or null when the step sets nothing.</param>
/// <param name="MetadataLevel">The <c>metadata.version</c> feature level the step leaves finalized, or null when there is none.</param>
/// <param name="IsRollbackBoundary">True when the step cannot be undone: it changes metadata that older software cannot read, or leaves ZooKeeper.</param>
/// <param name="Reason">Why a careful operator takes this step here.</param>
public sealed record UpgradeHop(
    UpgradeHopKind Kind,
    KafkaVersion FromVersion,
    KafkaVersion ToVersion,
    MetadataMode ModeBefore,
    MetadataMode ModeAfter,
    string? Feature,
    string? FeatureBefore,
    string? FeatureAfter,
    int? MetadataLevel,
    bool IsRollbackBoundary,
    string Reason)
{
    /// <summary>True for a software step that goes to an older version.</summary>
    public bool IsSoftwareDowngrade => Kind == UpgradeHopKind.SoftwareUpgrade && ToVersion < FromVersion;

    /// <summary>One line for logs and plans: <c>SoftwareUpgrade 3.6 -&gt; 3.9 (ZooKeeper)</c>.</summary>
    public override string ToString() =>
        Feature is null
            ? $"{Kind} {FromVersion} -> {ToVersion} ({ModeBefore} -> {ModeAfter})"
            : $"{Kind} {FromVersion} -> {ToVersion} ({ModeBefore} -> {ModeAfter}), {Feature} {FeatureBefore ?? "unset"} -> {FeatureAfter}";
}
