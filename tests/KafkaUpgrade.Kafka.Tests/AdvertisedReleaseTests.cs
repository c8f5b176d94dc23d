using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Kafka.Versions;

namespace KafkaUpgrade.Kafka.Tests;

public sealed class AdvertisedReleaseTests
{
    // Highest versions as Kafka 3.8 and 3.9 brokers advertise them (Kafka's message schemas at those tags).
    private static readonly Dictionary<short, (short, short)> Broker38 = new() { [2] = (0, 8), [3] = (0, 12), [10] = (0, 5), [16] = (0, 5), [45] = (0, 0), [55] = (0, 1), [60] = (0, 1), [75] = (0, 0) };
    private static readonly Dictionary<short, (short, short)> Broker39 = new() { [2] = (0, 9), [3] = (0, 12), [10] = (0, 6), [16] = (0, 5), [45] = (0, 0), [55] = (0, 2), [60] = (0, 1), [75] = (0, 0), [80] = (0, 0), [81] = (0, 0) };
    // ZooKeeper-mode brokers: no KRaft APIs (DescribeQuorum, AddRaftVoter, RemoveRaftVoter list no "zkBroker" listener).
    private static readonly Dictionary<short, (short, short)> ZkBroker38 = new() { [2] = (0, 8), [3] = (0, 12), [10] = (0, 5), [16] = (0, 5), [45] = (0, 0), [60] = (0, 1), [75] = (0, 0) };
    private static readonly Dictionary<short, (short, short)> ZkBroker39 = new() { [2] = (0, 9), [3] = (0, 12), [10] = (0, 6), [16] = (0, 5), [45] = (0, 0), [60] = (0, 1), [75] = (0, 0) };
    private static readonly Dictionary<short, (short, short)> Controller40 = new() { [32] = (1, 4), [45] = (0, 0), [55] = (0, 2), [60] = (0, 2), [80] = (0, 0), [81] = (0, 0) };

    [Fact]
    public void A_node_running_what_was_deployed_passes()
    {
        Assert.Null(AdvertisedRelease.Mismatch(KafkaVersion.Parse("3.8.1"), Broker38, ListenerRole.Broker));
        Assert.Null(AdvertisedRelease.Mismatch(KafkaVersion.Parse("3.9.0"), Broker39, ListenerRole.Broker));
        Assert.Null(AdvertisedRelease.Mismatch(KafkaVersion.Parse("4.0.0"), Controller40, ListenerRole.Controller));
    }

    [Fact]
    public void A_binary_swap_that_did_not_happen_is_a_mismatch_with_the_evidence()
    {
        var reason = AdvertisedRelease.Mismatch(KafkaVersion.Parse("3.9.0"), Broker38, ListenerRole.Broker);

        Assert.NotNull(reason);
        Assert.Contains("deployed as Kafka 3.9 but", reason, StringComparison.Ordinal);
        Assert.Contains("Kafka 3.8", reason, StringComparison.Ordinal);
        Assert.Contains("AddRaftVoter", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_newer_than_claimed_is_a_mismatch_too_and_unknown_releases_are_not_judged()
    {
        Assert.NotNull(AdvertisedRelease.Mismatch(KafkaVersion.Parse("3.8.0"), Broker39, ListenerRole.Broker));
        Assert.Null(AdvertisedRelease.Mismatch(KafkaVersion.Parse("2.8.2"), Broker39, ListenerRole.Broker));
    }

    [Fact]
    public void A_zookeeper_mode_broker_is_judged_without_the_kraft_apis_it_never_serves()
    {
        Assert.Null(AdvertisedRelease.Mismatch(KafkaVersion.Parse("3.9.0"), ZkBroker39, ListenerRole.Broker));
        Assert.Null(AdvertisedRelease.Mismatch(KafkaVersion.Parse("3.8.1"), ZkBroker38, ListenerRole.Broker));
        Assert.Equal(KafkaVersion.Parse("3.9.0"), AdvertisedRelease.Infer(ZkBroker39, ListenerRole.Broker));

        var swapMissed = AdvertisedRelease.Mismatch(KafkaVersion.Parse("3.9.0"), ZkBroker38, ListenerRole.Broker);
        Assert.NotNull(swapMissed);
        Assert.Contains("Kafka 3.8", swapMissed, StringComparison.Ordinal);
        Assert.DoesNotContain("AddRaftVoter", swapMissed, StringComparison.Ordinal);

        var noZooKeeperIn4 = AdvertisedRelease.Mismatch(KafkaVersion.Parse("4.0.0"), ZkBroker39, ListenerRole.Broker);
        Assert.NotNull(noZooKeeperIn4);
        Assert.Contains("ZooKeeper mode, which Kafka 4.0 removed", noZooKeeperIn4, StringComparison.Ordinal);
    }
}
