using System.Globalization;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Behaviour;

/// <summary>
/// <c>inter.broker.protocol.version</c> between ZooKeeper-mode brokers. It is a static per-broker setting (Kafka 3.9
/// docs, "Upgrading from ... to 3.9": pin the IBP, roll the binaries, bump the IBP, roll again); unset, a broker speaks
/// its release's latest. A broker picks the versions of the inter-broker requests it sends from its own IBP
/// (<c>MetadataVersion.fetchRequestVersion()</c> used by <c>ReplicaFetcherThread</c>/<c>RemoteLeaderEndPoint</c>, and the
/// LeaderAndIsr/UpdateMetadata versions of <c>ControllerChannelManager</c>), so a follower whose IBP is newer than
/// the leader's software knows sends fetches the leader cannot parse: it never catches up and falls out of the ISR.
/// A newer broker fetching from it at an older IBP is fine (brokers accept every older request version).
/// </summary>
internal static class InterBrokerProtocolRules
{
    /// <summary>The IBP a ZooKeeper-mode broker speaks, or null for a KRaft node (KRaft ignores the setting).</summary>
    public static string? Effective(SimCluster cluster, SimNode node) =>
        node.Config.IsZooKeeperBroker
            ? node.Config.InterBrokerProtocolVersion ?? cluster.Catalog.Get(node.Config.Version).LatestInterBrokerProtocol
            : null;

    /// <summary>False when <paramref name="follower"/> sends requests at an IBP that <paramref name="leader"/>'s release does not know.</summary>
    public static bool Understands(SimCluster cluster, SimNode leader, SimNode follower)
    {
        if (cluster.Options.IgnoreInterBrokerProtocolMismatch || Effective(cluster, follower) is not { } spoken || !leader.Config.IsZooKeeperBroker)
        {
            return true;
        }

        var known = cluster.Catalog.Get(leader.Config.Version).LatestInterBrokerProtocol;
        return known is not null && Compare(spoken, known) <= 0;
    }

    /// <summary>Orders IBP strings; a bare "X.Y" stands for the highest IV of X.Y (as Kafka maps it).</summary>
    public static int Compare(string left, string right) => Key(left).CompareTo(Key(right));

    private static (int, int, int) Key(string ibp)
    {
        var dash = ibp.IndexOf("-IV", StringComparison.Ordinal);
        var line = KafkaVersion.Parse(dash >= 0 ? ibp[..dash] : ibp);
        return (line.Major, line.Minor, dash >= 0 ? int.Parse(ibp[(dash + 3)..], CultureInfo.InvariantCulture) : int.MaxValue);
    }
}
