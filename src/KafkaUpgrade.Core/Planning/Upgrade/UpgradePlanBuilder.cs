using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Paths;
using KafkaUpgrade.Core.Safety;
using KafkaUpgrade.Core.Validation;
using KafkaUpgrade.Core.Versions;

namespace KafkaUpgrade.Core.Planning.Upgrade;

/// <summary>
/// Builds the full plan of an upgrade from a cluster snapshot: the hop path, and for each hop the replacement or
/// restart batches, bytes to move, safety verdicts on the cluster as it is now, and an estimate. Pure: the same
/// snapshot and options give the same plan, and nothing is changed. Later hops are costed on the current topology
/// (a replacement keeps racks, sizes and partition layout, so the figures carry over).
/// </summary>
public sealed class UpgradePlanBuilder
{
    private readonly VersionCatalog _catalog;

    /// <summary>Creates a builder over <paramref name="catalog"/> (default: the shipped catalog).</summary>
    public UpgradePlanBuilder(VersionCatalog? catalog = null)
    {
        _catalog = catalog ?? VersionCatalog.Default;
    }

    /// <summary>Plans taking <paramref name="state"/> to <paramref name="target"/>.</summary>
    /// <exception cref="ClusterValidationException">The snapshot contradicts itself.</exception>
    /// <exception cref="UpgradePathException">No safe path exists.</exception>
    /// <exception cref="PlanningException">Bad options, or nodes on different versions.</exception>
    public UpgradePlan Build(ClusterState state, KafkaVersion target, UpgradePlanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        options ??= new UpgradePlanOptions();
        options.Validate();
        new ClusterValidator(_catalog).ThrowIfInvalid(state);

        var current = CurrentVersion(state);
        var path = new UpgradePathPlanner(_catalog).Plan(new UpgradePathRequest(current, state.MetadataMode, state.Features, target));
        var costing = new HopCosting(state, options);
        var hops = path.Hops.Select(costing.Cost).ToList();
        return new UpgradePlan(state.ClusterId, current, target, state.MetadataMode, path.Hops[^1].ModeAfter, options,
            Preflight(state), hops, path.Warnings);
    }

    /// <summary>The version every live node runs; a cluster caught mid-roll must finish or undo that roll first.</summary>
    private static KafkaVersion CurrentVersion(ClusterState state)
    {
        var live = state.Nodes.Where(n => n.State != NodeState.Decommissioned).ToList();
        var versions = live.GroupBy(n => n.Version).OrderByDescending(g => g.Count()).ToList();
        if (versions.Count > 1)
        {
            var odd = versions.Skip(1).SelectMany(g => g.Select(n => $"node {n.Id} on {n.Version}"));
            throw new PlanningException(
                $"Nodes run different versions (most run {versions[0].Key}; {string.Join(", ", odd)}): finish or roll back the running upgrade before planning a new one.");
        }

        return versions.Count == 1 ? versions[0].Key : throw new PlanningException("The cluster has no live node.");
    }

    private static IReadOnlyList<GateVerdict> Preflight(ClusterState state) =>
    [
        ClusterHealthGate.Evaluate(state, HealthExpectation.AllNodesOf(state)),
        DiskHeadroomGate.Evaluate(state.Nodes, DiskHeadroomGate.CurrentBytes(state)),
    ];
}
