using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Paths;
using KafkaUpgrade.Core.Versions;
using static KafkaUpgrade.Core.Tests.Planning.Paths.PathTestSupport;

namespace KafkaUpgrade.Core.Tests.Planning.Paths;

public class UpgradePathProperties
{
    private static readonly VersionCatalog Catalog = VersionCatalog.Default;

    private static readonly MetadataMode[] Modes = Enum.GetValues<MetadataMode>();

    /// <summary>Any catalog release as current and target, any mode, any feature level (valid or not), either finalize choice.</summary>
    private static Arbitrary<UpgradePathRequest> Requests()
    {
        var releases = Catalog.Releases.Count;
        var gen =
            from fromIndex in Gen.Choose(0, releases - 1)
            from toIndex in Gen.Choose(0, releases - 1)
            from patchFrom in Gen.Elements(0, 0, 1)
            from patchTo in Gen.Elements(0, 0, 1, 2)
            from mode in Gen.Elements(Modes)
            from featurePick in Gen.Choose(0, 40)
            from finalize in Gen.Elements(true, true, false)
            select Build(fromIndex, toIndex, patchFrom, patchTo, mode, featurePick, finalize);
        return Arb.From(gen);
    }

    private static UpgradePathRequest Build(int from, int to, int patchFrom, int patchTo, MetadataMode mode, int featurePick, bool finalize)
    {
        var current = Catalog.Releases[from];
        var target = Catalog.Releases[to];
        var currentVersion = current.Version with { Patch = patchFrom };
        var targetVersion = target.Version with { Patch = patchTo };
        ClusterFeatures features;
        if (mode == MetadataMode.ZooKeeper)
        {
            // Mostly IBPs of this release or older, sometimes unset, sometimes one the release cannot speak.
            var ibps = Catalog.Releases.Where(r => r.LatestInterBrokerProtocol is not null).Select(r => r.LatestInterBrokerProtocol).ToList();
            var ibp = featurePick == 0 ? null : ibps[featurePick % ibps.Count];
            features = new ClusterFeatures(null, 0, ibp);
        }
        else
        {
            int? level = current.MinSupportedMetadataLevel is { } min && current.LatestProductionMetadataLevel is { } max
                ? (featurePick < 36 ? min + (featurePick % (max - min + 1)) : featurePick % 32)
                : (featurePick < 36 ? null : featurePick % 10);
            features = new ClusterFeatures(level, 0, null);
        }

        return new UpgradePathRequest(currentVersion, mode, features, targetVersion, new UpgradePathOptions(finalize));
    }

    [Property(MaxTest = 2000, Replay = "(20261123,1)")]
    public Property Either_a_valid_chained_path_or_an_upgrade_path_exception() =>
        Prop.ForAll(Requests(), request =>
        {
            UpgradePath path;
            try
            {
                path = Planner.Plan(request);
            }
            catch (UpgradePathException ex)
            {
                return !string.IsNullOrWhiteSpace(ex.Message);
            }

            AssertValidChain(request, path);
            return true;
        });

    [Fact]
    public void Every_forward_upgrade_between_catalog_releases_has_a_valid_path()
    {
        var planned = 0;
        foreach (var current in Catalog.Releases)
        {
            foreach (var target in Catalog.Releases.Where(t => t.Version > current.Version))
            {
                if (current.SupportsZooKeeper)
                {
                    var zk = new UpgradePathRequest(current.Version, MetadataMode.ZooKeeper, new ClusterFeatures(null, 0, current.LatestInterBrokerProtocol), target.Version);
                    AssertValidChain(zk, Planner.Plan(zk));
                    planned++;
                }

                foreach (var level in new[] { current.MinSupportedMetadataLevel, current.LatestProductionMetadataLevel }.Distinct())
                {
                    var kraft = new UpgradePathRequest(current.Version, MetadataMode.KRaft, new ClusterFeatures(level, 0, null), target.Version);
                    AssertValidChain(kraft, Planner.Plan(kraft));
                    planned++;
                }
            }
        }

        Assert.True(planned > 150, $"only {planned} paths planned");
    }

    /// <summary>Each hop starts where the previous ended, is allowed by the validator on the simulated cluster, and the path ends at the target.</summary>
    private static void AssertValidChain(UpgradePathRequest request, UpgradePath path)
    {
        Assert.NotEmpty(path.Hops);
        var state = Cluster(
            request.Current,
            request.Mode,
            request.Mode == MetadataMode.ZooKeeper
                ? request.Features with { InterBrokerProtocolVersion = request.Features.InterBrokerProtocolVersion ?? Catalog.Get(request.Current).LatestInterBrokerProtocol }
                : request.Features);
        var version = request.Current;
        var mode = request.Mode;
        foreach (var hop in path.Hops)
        {
            Assert.Equal(version, hop.FromVersion);
            Assert.Equal(mode, hop.ModeBefore);
            Assert.False(string.IsNullOrWhiteSpace(hop.Reason));
            var verdict = UpgradeHopValidator.Validate(hop, state);
            Assert.True(verdict.IsAllowed, $"{request}: {hop} refused: {verdict.Reason}");
            Assert.True(hop.Kind != UpgradeHopKind.SoftwareUpgrade || hop.FromVersion != hop.ToVersion, $"no-op hop {hop}");
            state = Apply(state, hop);
            version = hop.ToVersion;
            mode = hop.ModeAfter;
        }

        Assert.Equal(request.Target, version);
        if (!Catalog.Get(request.Target).SupportsZooKeeper)
        {
            Assert.Equal(MetadataMode.KRaft, mode);
        }

        // No hop ever jumps a major line except onto its first release.
        Assert.All(
            path.Hops.Where(h => h.Kind == UpgradeHopKind.SoftwareUpgrade && h.ToVersion.Major > h.FromVersion.Major),
            h => Assert.Equal(Catalog.Releases.First(r => r.Version.Major == h.ToVersion.Major).Version, h.ToVersion.Line));
    }
}
