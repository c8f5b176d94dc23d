using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Safety;
using static KafkaUpgrade.Core.Tests.TestSupport.TestClusters;

namespace KafkaUpgrade.Core.Tests.Safety;

public class ControllerStopGateTests
{
    private static QuorumState Quorum(int leader, params (int Id, long? CaughtUp)[] voters) =>
        new(leader, 1, 100, voters.Select(v => new QuorumMember(v.Id, Guid.Empty, 100, v.CaughtUp, v.CaughtUp)).ToList(), []);

    [Fact]
    public void Three_caught_up_voters_let_a_follower_stop()
    {
        var verdict = ControllerStopGate.Evaluate(Quorum(1, (1, 10_000), (2, 9_500), (3, 9_000)), 3);
        Assert.True(verdict.Allowed, verdict.Reason);
    }

    [Fact]
    public void A_lagging_voter_blocks_stopping_another()
    {
        var verdict = ControllerStopGate.Evaluate(Quorum(1, (1, 10_000), (2, 10_000), (3, 7_000)), 2);
        Assert.False(verdict.Allowed);
        Assert.Equal("voter 3 (last caught up 3000 ms behind the leader)", Assert.Single(verdict.Blockers));
    }

    [Fact]
    public void Exactly_the_fetch_timeout_behind_is_not_caught_up()
    {
        Assert.False(ControllerStopGate.Evaluate(Quorum(1, (1, 10_000), (2, 10_000), (3, 8_000)), 2).Allowed);
        Assert.True(ControllerStopGate.Evaluate(Quorum(1, (1, 10_000), (2, 10_000), (3, 8_001)), 2).Allowed);
    }

    [Fact]
    public void The_leader_may_stop_when_the_rest_are_caught_up_and_the_reason_says_leadership_moves()
    {
        var verdict = ControllerStopGate.Evaluate(Quorum(1, (1, 10_000), (2, 10_000), (3, 10_000)), 1);
        Assert.True(verdict.Allowed);
        Assert.Contains("leadership will move", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void No_leader_blocks_everything()
    {
        Assert.False(ControllerStopGate.Evaluate(Quorum(-1, (1, 10_000), (2, 10_000), (3, 10_000)), 3).Allowed);
    }

    [Fact]
    public void Observers_may_always_stop()
    {
        Assert.True(ControllerStopGate.Evaluate(Quorum(1, (1, 10_000), (2, null), (3, null)), 42).Allowed);
    }

    [Property(MaxTest = 300)]
    public Property Agrees_with_counting_a_majority(int seed)
    {
        var random = new Random(seed);
        var n = random.Next(1, 8);
        var voters = Enumerable.Range(1, n).Select(id => (id, (long?)(random.NextDouble() < 0.1 ? null : 10_000 - random.Next(0, 4_000)))).ToArray();
        var leader = random.Next(1, n + 1);
        voters[leader - 1].Item2 = 10_000;
        var stopping = random.Next(1, n + 1);

        var verdict = ControllerStopGate.Evaluate(Quorum(leader, voters), stopping);

        // Brute force: after the stop, the voters still running and caught up (the leader always is, unless stopped)
        // must be a strict majority of all voters.
        var aliveCaughtUp = voters.Count(v => v.id != stopping && (v.id == leader || v.Item2 is { } t && 10_000 - t < 2_000));
        var expected = aliveCaughtUp * 2 > n;
        return (verdict.Allowed == expected).Label($"n={n} leader={leader} stop={stopping}: {verdict}");
    }
}
