using KafkaUpgrade.Core.Planning.Upgrade;
using KafkaUpgrade.Workflows.Steering;

namespace KafkaUpgrade.Workflows.Contracts;

/// <summary>
/// Input of <c>ClusterUpgrade</c>, the top-level operation (JSON, by type name, from any Temporal SDK or the CLI).
/// </summary>
/// <param name="ClusterId">Cluster to upgrade; the worker resolves its connection (no secrets here).</param>
/// <param name="TargetVersion">Target Kafka version, e.g. <c>4.1</c>.</param>
/// <param name="Strategy">How software hops run: <c>NodeReplacement</c> (default) or <c>RollingUpgrade</c>.</param>
/// <param name="ReplacementBatchSize">Node replacement: most old brokers drained at once (default 6, Aiven's).</param>
/// <param name="RestartBatchSize">Rolling restarts: most brokers sharing no partition restarted together (default 1).</param>
/// <param name="ThrottleBytesPerSecond">Replication throttle per broker while moving data.</param>
/// <param name="Timing">Poll interval and stall reporting.</param>
/// <param name="PreApproved">Approve every rollback boundary in advance (the demo); otherwise each waits for an operator.</param>
/// <param name="Force">Proceed although the throttle is below the observed write rate (the move may never finish).</param>
/// <param name="PublishSearchAttributes">Upsert the KafkaClusterId/KafkaUpgradePhase/KafkaTargetVersion search attributes.</param>
public sealed record ClusterUpgradeInput(
    string ClusterId,
    string TargetVersion,
    UpgradeStrategy Strategy = UpgradeStrategy.NodeReplacement,
    int ReplacementBatchSize = 6,
    int RestartBatchSize = 1,
    long ThrottleBytesPerSecond = 100L * 1024 * 1024,
    StepTiming? Timing = null,
    bool PreApproved = false,
    bool Force = false,
    bool PublishSearchAttributes = true);

/// <summary>Input of <c>NodeReplacement</c>: replace every broker not on the target version by a new one.</summary>
/// <param name="ClusterId">Cluster.</param>
/// <param name="TargetVersion">Version of the new brokers.</param>
/// <param name="BatchSize">Most old brokers drained at once.</param>
/// <param name="ThrottleBytesPerSecond">Replication throttle per broker.</param>
/// <param name="Timing">Poll interval and stall reporting.</param>
/// <param name="ParentWorkflowId">The operation that started it (receives status), or null.</param>
/// <param name="Carried">State carried over a continue-as-new.</param>
/// <param name="ContinueAsNewAfterEvents">History length after which a run continues as new: between batches at
/// this many events (default 2,000), inside a long batch at twice as many.</param>
public sealed record NodeReplacementInput(
    string ClusterId,
    string TargetVersion,
    int BatchSize = 6,
    long ThrottleBytesPerSecond = 100L * 1024 * 1024,
    StepTiming? Timing = null,
    string? ParentWorkflowId = null,
    NodeReplacementCarry? Carried = null,
    int? ContinueAsNewAfterEvents = null);

/// <summary>What a node replacement carries over a continue-as-new.</summary>
/// <param name="Pairs">Old broker to new broker.</param>
/// <param name="Retired">Old brokers already retired.</param>
/// <param name="Controls">Operator controls.</param>
/// <param name="BytesMoved">Bytes moved so far.</param>
/// <param name="PartitionsMoved">Partitions moved so far.</param>
/// <param name="BatchInFlight">Old brokers whose data was still moving when the run continued as new (a long batch),
/// or null when it continued between batches.</param>
public sealed record NodeReplacementCarry(IReadOnlyList<NodePair> Pairs, IReadOnlyList<int> Retired, OperatorControlsState Controls, long BytesMoved, int PartitionsMoved, IReadOnlyList<int>? BatchInFlight = null);

/// <summary>An old broker and the new broker that replaces it.</summary>
/// <param name="OldNodeId">Retiring broker.</param>
/// <param name="NewNodeId">Its replacement.</param>
public sealed record NodePair(int OldNodeId, int NewNodeId);

/// <summary>Input of <c>RollingUpgrade</c>: restart nodes in batches with a configuration change.</summary>
/// <param name="ClusterId">Cluster.</param>
/// <param name="Change">What changes on each node.</param>
/// <param name="NodeIds">Nodes to restart (null: every node); controllers go first, the active one last.</param>
/// <param name="RestartBatchSize">Most brokers sharing no partition restarted together.</param>
/// <param name="Timing">Poll interval and stall reporting.</param>
/// <param name="ParentWorkflowId">The operation that started it, or null.</param>
/// <param name="Carried">State carried over a continue-as-new.</param>
public sealed record RollingUpgradeInput(
    string ClusterId,
    NodeChange Change,
    IReadOnlyList<int>? NodeIds = null,
    int RestartBatchSize = 1,
    StepTiming? Timing = null,
    string? ParentWorkflowId = null,
    RollingUpgradeCarry? Carried = null);

/// <summary>What a rolling upgrade carries over a continue-as-new.</summary>
/// <param name="RemainingBatches">Batches still to restart.</param>
/// <param name="NodesDone">Nodes restarted so far.</param>
/// <param name="NodesTotal">Nodes in all.</param>
/// <param name="Controls">Operator controls.</param>
public sealed record RollingUpgradeCarry(IReadOnlyList<IReadOnlyList<int>> RemainingBatches, int NodesDone, int NodesTotal, OperatorControlsState Controls);

/// <summary>Input of <c>KRaftMigration</c>: Kafka 3.9's ZooKeeper to KRaft procedure.</summary>
/// <param name="ClusterId">Cluster (ZooKeeper mode, every broker on 3.9 with IBP 3.9).</param>
/// <param name="RestartBatchSize">Brokers restarted together in each roll.</param>
/// <param name="Timing">Poll interval and stall reporting.</param>
/// <param name="PreApproved">Approve the finalization (the point of no return) in advance.</param>
/// <param name="ParentWorkflowId">The operation that started it, or null.</param>
public sealed record KRaftMigrationInput(
    string ClusterId,
    int RestartBatchSize = 1,
    StepTiming? Timing = null,
    bool PreApproved = false,
    string? ParentWorkflowId = null);

/// <summary>Input of <c>FinalizeMetadata</c>: finalize <c>metadata.version</c> (KRaft), behind an approval.</summary>
/// <param name="ClusterId">Cluster.</param>
/// <param name="Level">Feature level to finalize.</param>
/// <param name="PreApproved">Approved in advance.</param>
/// <param name="Timing">Poll interval.</param>
/// <param name="ParentWorkflowId">The operation that started it, or null.</param>
public sealed record FinalizeInput(string ClusterId, int Level, bool PreApproved = false, StepTiming? Timing = null, string? ParentWorkflowId = null);

/// <summary>
/// Input of <c>ControllerReplacement</c>: replace KRaft controllers one at a time by new controllers on the target
/// version through KIP-853 membership changes (AddRaftVoter, RemoveRaftVoter), without restarting any voter.
/// Needs a dynamic quorum (<c>kraft.version</c> 1, formatted with <c>--standalone</c> or <c>--initial-controllers</c>).
/// </summary>
/// <param name="ClusterId">Cluster (KRaft mode, <c>kraft.version</c> 1).</param>
/// <param name="TargetVersion">Version of the new controllers, e.g. <c>4.1</c> (3.9 or later: KIP-853).</param>
/// <param name="ControllerIds">Voters to replace (null: every voter not on the target version); the active controller always goes last.</param>
/// <param name="Timing">Poll interval and stall reporting.</param>
/// <param name="ParentWorkflowId">The operation that started it (receives status), or null.</param>
public sealed record ControllerReplacementInput(
    string ClusterId,
    string TargetVersion,
    IReadOnlyList<int>? ControllerIds = null,
    StepTiming? Timing = null,
    string? ParentWorkflowId = null);

/// <summary>Input of <c>ClusterRepair</c>: clear what an operation that could not clean up left behind.</summary>
/// <param name="ClusterId">Cluster.</param>
/// <param name="DryRun">Only report what would be cleared.</param>
/// <param name="Timing">Activity timeouts.</param>
public sealed record RepairInput(string ClusterId, bool DryRun = true, StepTiming? Timing = null);
