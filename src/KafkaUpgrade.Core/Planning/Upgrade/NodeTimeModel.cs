namespace KafkaUpgrade.Core.Planning.Upgrade;

/// <summary>How long a node takes to stop, start and be provisioned: the floor under every restart a plan runs.</summary>
/// <param name="Stop">A controlled shutdown.</param>
/// <param name="Start">A process start after a clean shutdown (log loading not included).</param>
/// <param name="Provision">Creating a machine and installing Kafka, before the process starts.</param>
public sealed record NodeTimeModel(TimeSpan Stop, TimeSpan Start, TimeSpan Provision)
{
    /// <summary>One restart in place: stop, then start.</summary>
    public TimeSpan Restart => Stop + Start;

    /// <summary>One new node: provision, then start.</summary>
    public TimeSpan NewNode => Provision + Start;
}
