using System.Text.Json.Serialization;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Activities.Contracts;

/// <summary>What a wait waits for.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WaitKind>))]
public enum WaitKind
{
    /// <summary>The cluster health gate allows (<see cref="WaitRequest.NodeIds"/> running, or every live node when null).</summary>
    Health,

    /// <summary><see cref="WaitRequest.NodeIds"/> run (with <see cref="WaitRequest.Configs"/>, when given).</summary>
    NodesRunning,

    /// <summary>The metadata mode is one of <see cref="WaitRequest.Modes"/>.</summary>
    MetadataMode,
}

/// <summary>
/// A wait done inside one heartbeating activity call instead of a workflow timer per poll: the activity checks
/// every <paramref name="PollIntervalMs"/> and returns when the condition holds, when the reason's wording changes
/// from <paramref name="LastReason"/> (so the workflow can show it), or after <paramref name="MaxWaitMs"/>. A gate
/// held for a month then costs the workflow a few events an hour instead of a dozen per poll.
/// </summary>
/// <param name="ClusterId">Cluster.</param>
/// <param name="Kind">What to wait for.</param>
/// <param name="PollIntervalMs">Time between two checks.</param>
/// <param name="MaxWaitMs">Longest one call waits before it returns the refusal as it stands.</param>
/// <param name="LastReason">The reason the workflow shows now (null: return the first refusal at once).</param>
/// <param name="NodeIds">Nodes (Health: expected running, null for every live node; NodesRunning: the nodes).</param>
/// <param name="AllowOwnReassignments">Health: reassignments in flight are this operation's own.</param>
/// <param name="Configs">NodesRunning: the configuration each node must run, by node id.</param>
/// <param name="Modes">MetadataMode: the modes that end the wait (the first is named while waiting).</param>
public sealed record WaitRequest(
    string ClusterId,
    WaitKind Kind,
    int PollIntervalMs,
    int MaxWaitMs,
    string? LastReason = null,
    IReadOnlyList<int>? NodeIds = null,
    bool AllowOwnReassignments = false,
    IReadOnlyDictionary<int, NodeConfig>? Configs = null,
    IReadOnlyList<MetadataMode>? Modes = null) : IClusterRequest;
