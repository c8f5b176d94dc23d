using System.Text.Json.Serialization;

namespace KafkaUpgrade.Workflows.Contracts;

/// <summary>How an operation ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OperationOutcome>))]
public enum OperationOutcome
{
    /// <summary>Everything done.</summary>
    Completed,

    /// <summary>An operator aborted; rolled back where possible, stopped safely otherwise.</summary>
    Aborted,
}

/// <summary>The result of every workflow.</summary>
/// <param name="Outcome">Completed or aborted.</param>
/// <param name="Summary">What happened, in a sentence.</param>
/// <param name="NodesDone">Nodes upgraded, replaced or restarted.</param>
/// <param name="PartitionsMoved">Partitions moved.</param>
/// <param name="BytesMoved">Bytes moved.</param>
public sealed record OperationResult(OperationOutcome Outcome, string Summary, int NodesDone = 0, int PartitionsMoved = 0, long BytesMoved = 0);
