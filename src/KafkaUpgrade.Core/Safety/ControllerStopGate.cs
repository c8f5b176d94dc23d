using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Safety;

/// <summary>
/// May this KRaft controller be stopped now without losing the quorum's majority?
/// </summary>
/// <remarks>
/// Strimzi's quorum check: a voter is caught up when its last caught-up timestamp is less than
/// <c>controller.quorum.fetch.timeout.ms</c> (default 2000 ms) behind the leader's; the leader is caught up by
/// definition. After the stop, the caught-up voters that remain must still be a majority of all voters,
/// <c>(N + 2) / 2</c> in integer arithmetic (= floor(N/2) + 1), or the quorum could stall and no metadata change
/// (leader election, ISR change) would commit. Observers are not voters and may always stop.
/// </remarks>
public static class ControllerStopGate
{
    /// <summary>Kafka's default <c>controller.quorum.fetch.timeout.ms</c>.</summary>
    public const long DefaultFetchTimeoutMs = 2000;

    /// <summary>Evaluates stopping <paramref name="controllerId"/> given the quorum as DescribeQuorum reports it.</summary>
    public static GateVerdict Evaluate(QuorumState quorum, int controllerId, long fetchTimeoutMs = DefaultFetchTimeoutMs)
    {
        ArgumentNullException.ThrowIfNull(quorum);
        if (!quorum.HasLeader || quorum.Leader is not { } leader)
        {
            return GateVerdict.Refuse("The KRaft quorum has no leader; no controller may stop until one is elected", ["quorum"]);
        }

        if (quorum.Voters.All(v => v.NodeId != controllerId))
        {
            return GateVerdict.Allow($"Node {controllerId} is not a voter of the quorum; stopping it cannot affect the majority");
        }

        var reference = leader.LastCaughtUpTimestampMs ?? 0;
        var remainingCaughtUp = quorum.Voters
            .Where(v => v.NodeId != controllerId)
            .Where(v => v.NodeId == leader.NodeId || v.LastCaughtUpTimestampMs is { } t && reference - t < fetchTimeoutMs)
            .Select(v => v.NodeId)
            .ToList();
        var required = (quorum.Voters.Count + 2) / 2;
        if (remainingCaughtUp.Count < required)
        {
            var lagging = quorum.Voters.Where(v => v.NodeId != controllerId && !remainingCaughtUp.Contains(v.NodeId))
                .Select(v => $"voter {v.NodeId} (last caught up {Lag(reference, v.LastCaughtUpTimestampMs)} behind the leader)")
                .ToList();
            return GateVerdict.Refuse(
                $"Stopping controller {controllerId} would leave {remainingCaughtUp.Count} caught-up voter(s) of {quorum.Voters.Count}, fewer than the {required} a majority needs",
                lagging.Count > 0 ? lagging : [$"quorum of {quorum.Voters.Count} voters"]);
        }

        var leaderNote = controllerId == leader.NodeId ? " (it is the active controller: leadership will move)" : string.Empty;
        return GateVerdict.Allow(
            $"Stopping controller {controllerId}{leaderNote} leaves {remainingCaughtUp.Count} caught-up voter(s) of {quorum.Voters.Count}; a majority needs {required}");
    }

    private static string Lag(long reference, long? caughtUp) => caughtUp is { } t ? $"{reference - t} ms" : "never";
}
