using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Planning.Paths;

namespace KafkaUpgrade.Core.Safety;

/// <summary>
/// No silent inter-broker protocol change during a software roll in ZooKeeper mode. A broker whose configuration
/// leaves <c>inter.broker.protocol.version</c> unset speaks its release's latest protocol, so new binaries would raise
/// the cluster's protocol broker by broker, mid-roll, with no way back; Kafka's upgrade notes therefore tell operators
/// to set it to the current version on every broker before the roll and to bump it only in a second roll
/// (Kafka 3.9 documentation, "Upgrading ZooKeeper-based clusters", steps 1-3).
/// </summary>
/// <remarks>
/// Refused only when the operation itself would not pin it: ClusterUpgrade's software hops write the protocol in
/// force into the configuration of every ZooKeeper broker they restart or provision whose configuration leaves it
/// unset (<c>NodeChange.PinInterBrokerProtocolIfUnset</c>, <c>NodeReplacement</c>'s copied configuration), and the
/// bump is its own hop behind its own approval. Refusing those clusters would refuse a safe operation, so the verdict
/// allows them and says so; what it refuses is a roll that would leave the value to the binaries' default.
/// </remarks>
public static class InterBrokerProtocolPinGate
{
    /// <summary>
    /// Evaluates <paramref name="state"/> before software steps to <paramref name="newBinaries"/> (each release's
    /// version and its default, i.e. latest, ZooKeeper-mode protocol; only the steps taken in ZooKeeper mode).
    /// </summary>
    /// <param name="state">The cluster as it is.</param>
    /// <param name="newBinaries">The releases the roll installs while brokers are in ZooKeeper mode, with their default protocol.</param>
    /// <param name="rollPins">True when the operation writes the protocol in force into every broker it restarts or provisions.</param>
    public static GateVerdict Evaluate(ClusterState state, IReadOnlyList<(KafkaVersion Version, string? DefaultProtocol)> newBinaries, bool rollPins)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(newBinaries);
        if (state.MetadataMode != MetadataMode.ZooKeeper || newBinaries.Count == 0)
        {
            return GateVerdict.Allow("inter.broker.protocol.version: no software roll in ZooKeeper mode");
        }

        var effective = state.Features.InterBrokerProtocolVersion;
        var unset = state.Brokers.Where(b => b.State != NodeState.Decommissioned && b.InterBrokerProtocolVersion is null).Select(b => b.Id).Order().ToList();
        var raising = newBinaries.Where(b => Raises(b.DefaultProtocol, effective)).ToList();
        if (unset.Count == 0 || raising.Count == 0)
        {
            return GateVerdict.Allow(unset.Count == 0
                ? $"inter.broker.protocol.version is set on every broker ({effective}); the roll leaves it as it is"
                : $"inter.broker.protocol.version is unset on {Brokers(unset)}, but the new binaries default to the one in force ({effective})");
        }

        var change = $"{Brokers(unset)} leave inter.broker.protocol.version unset (or their configuration is unknown), and {raising[0].Version}'s default {raising[0].DefaultProtocol} differs from the one in force ({effective ?? "unknown"})";
        if (rollPins && effective is not null)
        {
            return GateVerdict.Allow(
                $"{change}: the roll pins inter.broker.protocol.version={effective} in every broker it restarts or provisions, so the protocol changes only in its own approved step",
                [$"set inter.broker.protocol.version={effective} in those brokers' own server.properties too, so a restart outside this operation cannot raise it"]);
        }

        return GateVerdict.Refuse(
            $"{change}: new binaries would raise it mid-roll. Set inter.broker.protocol.version={effective ?? "<the version in force>"} on every broker first",
            [.. unset.Select(id => $"broker {id}")]);
    }

    /// <summary>A default newer than the protocol in force (a bare <c>3.8</c> is 3.8's highest IV, as Kafka reads it).</summary>
    private static bool Raises(string? defaultProtocol, string? effective) =>
        defaultProtocol is not null && (InterBrokerProtocol.TryParse(defaultProtocol, out var next) && InterBrokerProtocol.TryParse(effective, out var now)
            ? next > now
            : defaultProtocol != effective);

    private static string Brokers(List<int> ids) => ids.Count == 1 ? $"broker {ids[0]}" : $"brokers {string.Join(",", ids)}";
}
