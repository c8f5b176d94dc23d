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

    /// <summary>
    /// Each of <see cref="WaitRequest.NodeIds"/> may be restarted into its <see cref="WaitRequest.Configs"/> entry:
    /// the stop gate allows (or the node does not run, or already runs it). The rule the restart itself applies.
    /// </summary>
    RestartAllowed,

    /// <summary>Each of <see cref="WaitRequest.NodeIds"/> may be retired: empty and out of the quorum, or already gone. The rule retirement itself applies.</summary>
    Retirable,

    /// <summary>Each of <see cref="WaitRequest.NodeIds"/> is gone per the provisioner (absent or decommissioned).</summary>
    NodesGone,

    /// <summary>The single node of <see cref="WaitRequest.NodeIds"/> is an observer caught up with the quorum's leader.</summary>
    CaughtUpObserver,

    /// <summary>The single node of <see cref="WaitRequest.NodeIds"/> is a caught-up voter.</summary>
    HealthyVoter,

    /// <summary>The controller stop gate allows removing the single voter of <see cref="WaitRequest.NodeIds"/> (a caught-up majority remains without it).</summary>
    VoterRemovable,

    /// <summary>The single node of <see cref="WaitRequest.NodeIds"/> is no longer a voter and another voter leads.</summary>
    VoterRemoved,

    /// <summary>A ZooKeeper-to-KRaft migration may be finalized: the controllers report MIGRATION and no live broker runs in ZooKeeper mode.</summary>
    ReadyToFinalize,

    /// <summary>Every live node runs <see cref="WaitRequest.TargetVersion"/>'s line, in the first of <see cref="WaitRequest.Modes"/>.</summary>
    AsPlanned,
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
/// <param name="NodeIds">Nodes (Health: expected running, null for every live node; otherwise the nodes waited on).</param>
/// <param name="AllowOwnReassignments">Health: reassignments in flight are this operation's own.</param>
/// <param name="Configs">NodesRunning, RestartAllowed: the configuration each node must run, by node id.</param>
/// <param name="Modes">MetadataMode: the modes that end the wait (the first is named while waiting).</param>
/// <param name="TargetVersion">AsPlanned: the version every live node must run.</param>
/// <param name="Subject">NodesGone: what the nodes are called in the reason shown ("controllers"); "nodes" when null.</param>
public sealed record WaitRequest(
    string ClusterId,
    WaitKind Kind,
    int PollIntervalMs,
    int MaxWaitMs,
    string? LastReason = null,
    IReadOnlyList<int>? NodeIds = null,
    bool AllowOwnReassignments = false,
    IReadOnlyDictionary<int, NodeConfig>? Configs = null,
    IReadOnlyList<MetadataMode>? Modes = null,
    string? Subject = null,
    string? TargetVersion = null) : IClusterRequest;
