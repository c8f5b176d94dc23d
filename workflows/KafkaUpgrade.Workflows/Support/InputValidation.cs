using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Workflows.Contracts;
using Temporalio.Exceptions;

namespace KafkaUpgrade.Workflows.Support;

/// <summary>
/// Checks a ClusterUpgrade input before anything touches the cluster; a bad one fails the workflow at once
/// (non-retryable, type <c>InvalidInput</c>) with a message that names the field.
/// </summary>
public static class InputValidation
{
    /// <summary>Failure type of a bad input.</summary>
    public const string InvalidInput = "InvalidInput";

    /// <summary>Every problem with <paramref name="input"/>, empty when it is fine.</summary>
    public static IReadOnlyList<string> Problems(ClusterUpgradeInput? input)
    {
        if (input is null)
        {
            return ["the input is missing"];
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(input.ClusterId))
        {
            problems.Add("ClusterId is empty");
        }

        if (!KafkaVersion.TryParse(input.TargetVersion, out _))
        {
            problems.Add($"TargetVersion '{input.TargetVersion}' is not a Kafka version (expected e.g. 4.1 or 3.9.1)");
        }

        if (input.ReplacementBatchSize < 1)
        {
            problems.Add($"ReplacementBatchSize must be at least 1, was {input.ReplacementBatchSize}");
        }

        if (input.RestartBatchSize < 1)
        {
            problems.Add($"RestartBatchSize must be at least 1, was {input.RestartBatchSize}");
        }

        if (input.ThrottleBytesPerSecond < 1)
        {
            problems.Add($"ThrottleBytesPerSecond must be positive, was {input.ThrottleBytesPerSecond}");
        }

        if (input.Timing is { PollIntervalMs: < 1 } timing)
        {
            problems.Add($"Timing.PollIntervalMs must be positive, was {timing.PollIntervalMs}");
        }

        if (input.Timing is { ActivityTimeoutMs: < 1000 } slow)
        {
            problems.Add($"Timing.ActivityTimeoutMs must be at least 1000, was {slow.ActivityTimeoutMs}");
        }

        return problems;
    }

    /// <summary>Fails the workflow (non-retryable) when the input has a problem.</summary>
    public static void ThrowIfInvalid(ClusterUpgradeInput? input)
    {
        var problems = Problems(input);
        if (problems.Count > 0)
        {
            throw new ApplicationFailureException($"Invalid ClusterUpgrade input: {string.Join("; ", problems)}.", InvalidInput, nonRetryable: true);
        }
    }
}
