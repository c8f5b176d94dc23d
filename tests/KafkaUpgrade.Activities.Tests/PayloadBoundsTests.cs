using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Core.Safety;

namespace KafkaUpgrade.Activities.Tests;

public class PayloadBoundsTests
{
    [Fact]
    public void A_verdict_naming_100000_partitions_keeps_its_reason_and_lists_only_the_first_few()
    {
        var blockers = Enumerable.Range(0, 100_000).Select(i => $"topic-{i / 200:D4}-{i % 200}").ToList();
        var verdict = GateVerdict.Refuse("100000 partition(s) under-replicated", blockers, ["a note"]);

        var bounded = PayloadBounds.Bounded(verdict);

        Assert.False(bounded.Allowed);
        Assert.Equal(verdict.Reason, bounded.Reason);
        Assert.Equal(PayloadBounds.MaxListedItems + 1, bounded.Blockers.Count);
        Assert.Equal(blockers.Take(PayloadBounds.MaxListedItems), bounded.Blockers.Take(PayloadBounds.MaxListedItems));
        Assert.Equal($"... and {100_000 - PayloadBounds.MaxListedItems} more", bounded.Blockers[^1]);
        Assert.Equal(["a note"], bounded.Notes);
    }

    [Fact]
    public void A_short_verdict_is_returned_unchanged()
    {
        var verdict = GateVerdict.Refuse("2 partition(s) under-replicated", ["t-0", "t-1"]);

        Assert.Same(verdict, PayloadBounds.Bounded(verdict));
    }
}
