using System.Globalization;

namespace KafkaUpgrade.Provisioning.Hooks;

/// <summary>
/// A hook command failed: it exited non-zero, hung past its timeout (and was killed with its children), could not
/// start, or printed what the provisioner cannot read. The message names the cluster, the node, the action and
/// the command's last stderr lines (redacted). Retryable: an operator can fix the host or the script and the
/// activity's next attempt runs the hook again (hooks are idempotent, see the README).
/// </summary>
public sealed class HookFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HookFailedException(string clusterId, int nodeId, HookAction action, string problem, int? exitCode = null, bool timedOut = false, IReadOnlyList<string>? stderrTail = null)
        : base(Format(clusterId, nodeId, action, problem, stderrTail))
    {
        ClusterId = clusterId;
        NodeId = nodeId;
        Action = action;
        ExitCode = exitCode;
        TimedOut = timedOut;
        StderrTail = stderrTail ?? [];
    }

    /// <summary>The cluster binding.</summary>
    public string ClusterId { get; }

    /// <summary>The node.</summary>
    public int NodeId { get; }

    /// <summary>The action whose hook failed.</summary>
    public HookAction Action { get; }

    /// <summary>The exit code, when the command exited.</summary>
    public int? ExitCode { get; }

    /// <summary>True when it was killed for running past its timeout.</summary>
    public bool TimedOut { get; }

    /// <summary>The last lines it wrote to stderr, redacted.</summary>
    public IReadOnlyList<string> StderrTail { get; }

    private static string Format(string clusterId, int nodeId, HookAction action, string problem, IReadOnlyList<string>? tail)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"cluster {clusterId}, node {nodeId}: {action.ToString().ToLowerInvariant()} hook {problem}");
        return tail is { Count: > 0 } ? $"{text}; stderr: {string.Join(" | ", tail)}" : text;
    }
}
