using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Versions;

namespace KafkaUpgrade.Core.Planning.Paths;

/// <summary>
/// What the operator must check outside the cluster before running a path: Java and client minimums that rise
/// on the way (KIP-750, KIP-1013, KIP-896), ZooKeeper deprecation, and the catalog's notes on each release.
/// </summary>
internal static class UpgradePathWarnings
{
    public static IReadOnlyList<string> Collect(VersionCatalog catalog, UpgradePathRequest request, IReadOnlyList<UpgradeHop> hops)
    {
        var warnings = new List<string>();
        var current = catalog.Get(request.Current);

        if (request.Mode == MetadataMode.ZooKeeper && request.Features.InterBrokerProtocolVersion is null)
        {
            warnings.Add(
                $"inter.broker.protocol.version is not set, so it defaults to the running release's ({current.LatestInterBrokerProtocol}): " +
                $"pin inter.broker.protocol.version={current.LatestInterBrokerProtocol} on every broker before the first roll, " +
                "otherwise the new software raises it on restart and the roll can no longer be undone.");
        }

        if (request.Mode == MetadataMode.KRaft && !current.KRaftProductionReady)
        {
            warnings.Add(
                $"Kafka {current.Version} runs KRaft as {current.KRaft}, not production ready (KRaft is production ready from 3.3, KIP-833): " +
                "rehearse this path on a copy of the cluster first.");
        }

        var previous = current;
        foreach (var hop in hops.Where(h => h.Kind == UpgradeHopKind.SoftwareUpgrade && !h.IsSoftwareDowngrade))
        {
            var next = catalog.Get(hop.ToVersion);
            AddRises(warnings, previous, next);
            if (next.Version != previous.Version)
            {
                warnings.AddRange(next.Notes.Select(note => $"Kafka {next.Version}: {note}"));
            }

            previous = next;
        }

        var last = hops.Count > 0 ? hops[^1] : null;
        if (last is { ModeAfter: MetadataMode.ZooKeeper } && catalog.Get(last.ToVersion).ZooKeeper == ZooKeeperSupport.Deprecated)
        {
            var removed = catalog.Releases.FirstOrDefault(r => !r.SupportsZooKeeper)?.Version.ToString() ?? "a later release";
            warnings.Add(
                $"The cluster stays in ZooKeeper mode, which Kafka {last.ToVersion} deprecates and {removed} removes: plan the " +
                "migration to KRaft (it runs on the last ZooKeeper release).");
        }

        return warnings;
    }

    private static void AddRises(List<string> warnings, KafkaRelease from, KafkaRelease to)
    {
        if (to.MinJavaBroker > from.MinJavaBroker)
        {
            warnings.Add(
                $"Kafka {to.Version} brokers need Java {to.MinJavaBroker} or newer (Kafka {from.Version} ran on Java {from.MinJavaBroker}): " +
                $"upgrade the JVM on every node before the {to.Version} roll.");
        }

        if (to.MinJavaClient > from.MinJavaClient)
        {
            warnings.Add(
                $"Kafka {to.Version} clients and Streams applications need Java {to.MinJavaClient} or newer (was {from.MinJavaClient}): " +
                $"only matters when client libraries are upgraded to {to.Version} too.");
        }

        if (to.MinClientVersion > from.MinClientVersion)
        {
            warnings.Add(
                $"Kafka {to.Version} brokers no longer talk to clients older than {to.MinClientVersion} (KIP-896; Kafka {from.Version} " +
                $"accepted {from.MinClientVersion}): check every producer, consumer, Streams and Connect application, including " +
                $"non-Java clients, before the {to.Version} roll.");
        }
    }
}
