namespace KafkaUpgrade.Core.Planning.Restarts;

/// <summary>Which kind of nodes a restart batch holds; controllers and brokers are never mixed.</summary>
public enum RestartBatchKind
{
    /// <summary>KRaft controllers (controller-only or combined nodes), one at a time.</summary>
    Controllers,

    /// <summary>Brokers that share no partition.</summary>
    Brokers,
}
