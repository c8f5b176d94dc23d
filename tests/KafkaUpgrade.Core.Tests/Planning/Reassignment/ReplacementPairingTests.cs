using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Reassignment;
using static KafkaUpgrade.Core.Tests.TestSupport.TestClusters;

namespace KafkaUpgrade.Core.Tests.Planning.Reassignment;

public class ReplacementPairingTests
{
    private static readonly KafkaVersion Target = KafkaVersion.Parse("3.9.0");

    [Fact]
    public void A_cluster_with_nothing_on_the_target_provisions_a_new_broker_for_every_old_one()
    {
        var pairing = ReplacementPairing.Plan(Brokers(3), Target);

        Assert.Equal([1, 2, 3], pairing.OldBrokers);
        Assert.Empty(pairing.Reused);
        Assert.Equal([1, 2, 3], pairing.Unpaired);
    }

    [Fact]
    public void New_brokers_a_terminated_replacement_left_take_the_old_brokers_places_rack_by_rack()
    {
        // Brokers 4-6 on the target beside 1-3, as a replacement that died after provisioning leaves them.
        var nodes = Brokers(3).Concat([Broker(4, "c", "3.9.0"), Broker(5, "a", "3.9.0"), Broker(6, "b", "3.9.0")]).ToList();

        var pairing = ReplacementPairing.Plan(nodes, Target);

        Assert.Equal([new(1, 5), new(2, 6), new(3, 4)], pairing.Reused);
        Assert.Empty(pairing.Unpaired);
    }

    [Fact]
    public void Fewer_new_brokers_than_old_ones_are_reused_and_the_rest_still_need_provisioning()
    {
        var nodes = Brokers(3).Append(Broker(7, "b", "3.9.0")).ToList();

        var pairing = ReplacementPairing.Plan(nodes, Target);

        Assert.Equal([new(2, 7)], pairing.Reused);
        Assert.Equal([1, 3], pairing.Unpaired);
    }

    [Fact]
    public void Brokers_a_rolling_upgrade_restarted_in_place_are_not_taken_for_new_ones()
    {
        // 2 and 3 were restarted onto 3.9 in place: their ids lie among the old ones, they carry a full share.
        var nodes = new[] { Broker(1), Broker(2, version: "3.9.0"), Broker(3, version: "3.9.0"), Broker(4) };

        var pairing = ReplacementPairing.Plan(nodes, Target);

        Assert.Equal([1, 4], pairing.OldBrokers);
        Assert.Empty(pairing.Reused);
    }

    [Fact]
    public void More_brokers_on_the_target_than_old_ones_are_not_a_half_done_replacement_of_them()
    {
        var nodes = new[] { Broker(1), Broker(2, version: "3.9.0"), Broker(3, version: "3.9.0") };

        Assert.Empty(ReplacementPairing.Plan(nodes, Target).Reused);
    }

    [Fact]
    public void Controllers_and_retired_brokers_are_neither_old_nor_new()
    {
        var nodes = new[] { Broker(1), Broker(2, state: NodeState.Decommissioned), Controller(3000), Broker(9, version: "3.9.0", state: NodeState.Decommissioned) };

        var pairing = ReplacementPairing.Plan(nodes, Target);

        Assert.Equal([1], pairing.OldBrokers);
        Assert.Empty(pairing.Reused);
    }
}
