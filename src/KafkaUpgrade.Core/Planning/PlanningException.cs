namespace KafkaUpgrade.Core.Planning;

/// <summary>A plan cannot be made for this input; the message names the offending node, topic or setting.</summary>
public sealed class PlanningException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PlanningException(string message)
        : base(message)
    {
    }
}
