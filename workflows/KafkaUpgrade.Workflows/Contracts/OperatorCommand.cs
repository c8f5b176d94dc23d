using System.Text.Json.Serialization;

namespace KafkaUpgrade.Workflows.Contracts;

/// <summary>What an operator asks of a running operation.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OperatorCommandKind>))]
public enum OperatorCommandKind
{
    /// <summary>Stop at the next safe point and wait.</summary>
    Pause,

    /// <summary>Continue after a pause.</summary>
    Resume,

    /// <summary>Roll back where possible, otherwise stop safely.</summary>
    Abort,

    /// <summary>Approve a gated step (a rollback boundary).</summary>
    Approve,

    /// <summary>Change the replication throttle.</summary>
    SetThrottle,

    /// <summary>Change the batch size from the next batch on.</summary>
    SetBatchSize,
}

/// <summary>One operator command, as parents forward it to the child workflow doing the work.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Reason">Why (pause, abort), shown in progress.</param>
/// <param name="Step">The step approved (Approve).</param>
/// <param name="Value">Bytes per second (SetThrottle) or batch size (SetBatchSize).</param>
public sealed record OperatorCommand(OperatorCommandKind Kind, string? Reason = null, string? Step = null, long? Value = null);
