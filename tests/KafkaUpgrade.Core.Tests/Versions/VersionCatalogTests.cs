using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Versions;

namespace KafkaUpgrade.Core.Tests.Versions;

public class VersionCatalogTests
{
    private static readonly VersionCatalog Catalog = VersionCatalog.Default;

    [Fact]
    public void Covers_every_release_from_2_8_to_the_newest_4_x()
    {
        var lines = Catalog.Releases.Select(r => r.Version.ToString()).ToList();
        Assert.Equal(["2.8", "3.0", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "4.0", "4.1", "4.2", "4.3"], lines);
        Assert.Equal(KafkaVersion.Parse("4.3"), Catalog.Newest.Version);
    }

    [Fact]
    public void Knows_where_zookeeper_ends_and_kraft_becomes_production()
    {
        Assert.True(Catalog.Get("3.9").SupportsZooKeeper);
        Assert.False(Catalog.Get("4.0").SupportsZooKeeper);
        Assert.False(Catalog.Get("3.2").KRaftProductionReady);
        Assert.True(Catalog.Get("3.3").KRaftProductionReady);
        Assert.Equal(MigrationSupport.Production, Catalog.Get("3.9").ZkMigration);
        Assert.Equal(MigrationSupport.None, Catalog.Get("4.0").ZkMigration);
        Assert.False(Catalog.Get("3.8").DynamicQuorum);
        Assert.True(Catalog.Get("3.9").DynamicQuorum);
    }

    [Fact]
    public void Patch_releases_resolve_to_their_line()
    {
        Assert.Equal(KafkaVersion.Parse("3.9"), Catalog.Get("3.9.1").Version);
    }

    [Theory]
    [InlineData("5.0")]
    [InlineData("2.7")]
    [InlineData("banana")]
    public void Unknown_versions_are_rejected_naming_them(string version)
    {
        var ex = Assert.Throws<UnknownVersionException>(() => Catalog.Get(version));
        Assert.Contains(version, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3.9", 1, 21)]
    [InlineData("4.0", 7, 25)]
    [InlineData("4.1", 7, 27)]
    public void Supported_metadata_ranges_match_kafka(string version, int min, int max)
    {
        var release = Catalog.Get(version);
        Assert.Equal(min, release.MinSupportedMetadataLevel);
        Assert.Equal(max, release.LatestProductionMetadataLevel);
        Assert.True(release.SupportsMetadataLevel(max));
        Assert.False(release.SupportsMetadataLevel(max + 1));
    }

    [Theory]
    [InlineData(21, 20, true)]   // 3.9-IV0 -> 3.8-IV0: nothing in between changed metadata
    [InlineData(25, 22, false)]  // 4.0-IV3 -> 4.0-IV0 crosses 4.0-IV1 (ELR)
    [InlineData(27, 25, true)]   // 4.1-IV1 -> 4.0-IV3
    [InlineData(30, 29, false)]  // 4.3-IV0 changed metadata itself
    public void Metadata_downgrade_follows_kafkas_rule(int from, int to, bool safe)
    {
        Assert.Equal(safe, Catalog.IsMetadataDowngradeSafe(from, to));
    }

    [Fact]
    public void Metadata_versions_resolve_by_name_and_by_bare_release()
    {
        Assert.Equal(21, Catalog.FindMetadataVersion("3.9-IV0")!.Level);
        Assert.Equal(25, Catalog.FindMetadataVersion("4.0")!.Level);
        Assert.Equal(KafkaVersion.Parse("4.0"), Catalog.FindMetadataVersion(23)!.Release);
    }

    [Fact]
    public void Latest_production_level_of_each_release_belongs_to_that_release()
    {
        foreach (var release in Catalog.Releases.Where(r => r.LatestProductionMetadataLevel is not null))
        {
            Assert.Equal(release.Version, Catalog.FindMetadataVersion(release.LatestProductionMetadataLevel!.Value)!.Release);
        }
    }

    [Fact]
    public void A_contradictory_catalog_is_rejected_naming_the_problem()
    {
        const string json = """{"metadataVersions":[],"releases":[{"version":"3.9","zooKeeper":"Supported","kraft":"Production","zkMigration":"None","latestProductionMetadataLevel":21,"minJavaBroker":8,"minJavaClient":8,"minClientVersion":"0.8"}]}""";
        var ex = Assert.Throws<InvalidDataException>(() => VersionCatalog.Load(json));
        Assert.Contains("unknown metadata level 21", ex.Message, StringComparison.Ordinal);
    }
}
