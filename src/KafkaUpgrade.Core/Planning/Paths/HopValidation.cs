namespace KafkaUpgrade.Core.Planning.Paths;

/// <summary>Whether a hop may start from an observed cluster state, and why.</summary>
/// <param name="IsAllowed">True when the hop may run now.</param>
/// <param name="Reason">What was checked, or what blocks the hop (naming the node or feature).</param>
public sealed record HopValidation(bool IsAllowed, string Reason)
{
    /// <summary>The hop may run.</summary>
    public static HopValidation Allow(string reason) => new(true, reason);

    /// <summary>The hop must not run.</summary>
    public static HopValidation Refuse(string reason) => new(false, reason);
}
