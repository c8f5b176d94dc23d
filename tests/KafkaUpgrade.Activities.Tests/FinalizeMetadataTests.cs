using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Core.Versions;
using KafkaUpgrade.Simulation;
using Temporalio.Testing;

namespace KafkaUpgrade.Activities.Tests;

/// <summary>Issue 12, point 12: a safe metadata.version downgrade is sent as SAFE_DOWNGRADE (Kafka refuses a lower level sent as an upgrade).</summary>
public class FinalizeMetadataTests
{
    [Fact]
    public async Task A_safe_downgrade_of_metadata_version_succeeds_and_an_unsafe_one_is_refused_changing_nothing()
    {
        var simulator = KafkaSimulator.LoadSnapshot(Path.Combine(AppContext.BaseDirectory, "samples", "small-kraft-4.0.json"));
        var registry = new StaticClusterRegistry(new Dictionary<string, ClusterConnection> { ["k"] = new(simulator.Admin, simulator.Provisioner) });
        var metadata = new MetadataActivities(registry);
        var env = new ActivityEnvironment();
        var current = simulator.Snapshot().Features.MetadataVersionLevel!.Value;
        var catalog = VersionCatalog.Default;
        var levels = catalog.MetadataVersions.Select(v => v.Level).Where(l => l < current).OrderDescending().ToList();
        var safe = levels.First(l => catalog.IsMetadataDowngradeSafe(current, l));

        Assert.Equal(safe, await env.RunAsync(() => metadata.FinalizeMetadataVersionAsync(new FinalizeRequest("k", safe))));
        Assert.Equal(safe, simulator.Snapshot().Features.MetadataVersionLevel);

        if (levels.FirstOrDefault(l => l < safe && !catalog.IsMetadataDowngradeSafe(safe, l)) is var unsafeLevel and > 0)
        {
            await Assert.ThrowsAsync<Temporalio.Exceptions.ApplicationFailureException>(() => env.RunAsync(() => metadata.FinalizeMetadataVersionAsync(new FinalizeRequest("k", unsafeLevel))));
            Assert.Equal(safe, simulator.Snapshot().Features.MetadataVersionLevel);
        }
    }
}
