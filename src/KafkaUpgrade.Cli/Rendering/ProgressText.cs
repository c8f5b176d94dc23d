using System.Globalization;
using KafkaUpgrade.Workflows.Contracts;

namespace KafkaUpgrade.Cli.Rendering;

/// <summary>An operation's progress in words: a block for <c>status</c>, one line for logs and <c>watch</c> off a terminal.</summary>
internal static class ProgressText
{
    public static string Describe(OperationProgress p)
    {
        var lines = new List<string>
        {
            $"Phase:    {p.Phase}",
            $"Step:     {p.Step}",
            $"Progress: {Counters(p)}",
        };
        if (p.EstimatedSecondsLeft is { } eta)
        {
            lines.Add($"Estimate: {Format.Duration(TimeSpan.FromSeconds(eta))} left");
        }

        if (p.Paused)
        {
            lines.Add("Paused:   yes ('kafka-upgrade resume' continues)");
        }

        if (p.AwaitingApproval is not null)
        {
            lines.Add($"Approval: '{p.AwaitingApproval}' waits for 'kafka-upgrade approve'");
        }

        if (!string.IsNullOrEmpty(p.WaitingFor))
        {
            lines.Add($"Waiting:  {p.WaitingFor}");
        }

        if (p.CurrentChildWorkflowId is not null)
        {
            lines.Add($"Child:    {p.CurrentChildWorkflowId}");
        }

        return string.Join(Environment.NewLine, lines);
    }

    public static string Line(OperationProgress p)
    {
        var line = $"{p.Phase} | {p.Step} | {Counters(p)}";
        if (p.EstimatedSecondsLeft is { } eta)
        {
            line += $" | ETA {Format.Duration(TimeSpan.FromSeconds(eta))}";
        }

        if (p.AwaitingApproval is not null)
        {
            line += $" | awaiting approval: {p.AwaitingApproval}";
        }

        if (!string.IsNullOrEmpty(p.WaitingFor))
        {
            line += $" | waiting: {p.WaitingFor}";
        }

        return line;
    }

    /// <summary>A text bar, e.g. <c>[#####-----] 50%</c>, for terminals without colours too.</summary>
    public static string Bar(double done, double total, int width = 20)
    {
        var fraction = total <= 0 ? 0 : Math.Clamp(done / total, 0, 1);
        var filled = (int)Math.Round(fraction * width);
        return string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('-', width - filled)}] {fraction * 100:0}%");
    }

    private static string Counters(OperationProgress p)
    {
        var parts = new List<string>();
        if (p.NodesTotal > 0)
        {
            parts.Add($"nodes {p.NodesDone}/{p.NodesTotal}");
        }

        if (p.PartitionsTotal > 0)
        {
            parts.Add($"partitions {p.PartitionsMoved}/{p.PartitionsTotal}");
        }

        if (p.BytesTotal > 0)
        {
            parts.Add($"{Format.Bytes(p.BytesMoved)} of {Format.Bytes(p.BytesTotal)} moved");
        }

        return parts.Count == 0 ? "-" : string.Join(", ", parts);
    }
}
