using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Core.Safety;
using Temporalio.Activities;

namespace KafkaUpgrade.Activities;

/// <summary>
/// Creating, restarting and removing nodes. Each call is idempotent and re-checks its safety gate itself, right
/// before acting: the workflow's earlier check may be stale by the time the activity runs.
/// </summary>
public sealed class NodeActivities(IClusterRegistry clusters)
{
    /// <summary>Creates the nodes; existing nodes with the same configuration are kept (a retried activity creates nothing twice).</summary>
    [Activity]
    public Task<IReadOnlyList<NodeInfo>> ProvisionNodesAsync(ProvisionNodesRequest request) => ActivityFailures.Translate<IReadOnlyList<NodeInfo>>(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var provisioner = clusters.Resolve(request.ClusterId).Provisioner;
        var result = new List<NodeInfo>();
        foreach (var node in request.Nodes)
        {
            result.Add(await provisioner.ProvisionAsync(node.NodeId, node.Config, Token).ConfigureAwait(false));
        }

        return result;
    });

    /// <summary>The nodes as the provisioner sees them (unknown ids are left out).</summary>
    [Activity]
    public Task<IReadOnlyList<NodeInfo>> DescribeNodesAsync(NodesRequest request) => ActivityFailures.Translate<IReadOnlyList<NodeInfo>>(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var provisioner = clusters.Resolve(request.ClusterId).Provisioner;
        var result = new List<NodeInfo>();
        foreach (var id in request.NodeIds)
        {
            if (await provisioner.DescribeNodeAsync(id, Token).ConfigureAwait(false) is { } info)
            {
                result.Add(info);
            }
        }

        return result;
    });

    /// <summary>May these nodes stop now? Brokers: Strimzi's ISR rule; controllers: a caught-up quorum majority.</summary>
    [Activity]
    public Task<GateVerdict> CheckStopAsync(NodesRequest request) => ActivityFailures.Translate(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = await clusters.Resolve(request.ClusterId).Admin.DescribeClusterAsync(Token).ConfigureAwait(false);
        return PayloadBounds.Bounded(StopVerdict(state, request.NodeIds));
    });

    /// <summary>
    /// Restarts a node with a configuration (controlled shutdown, swap, start). Does nothing when the node already
    /// runs that configuration; refuses, with the gate's reason, when stopping it now would be unsafe.
    /// </summary>
    [Activity]
    public Task<RestartOutcome> RestartNodeAsync(RestartNodeRequest request) => ActivityFailures.Translate(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var connection = clusters.Resolve(request.ClusterId);
        var node = await connection.Provisioner.DescribeNodeAsync(request.NodeId, Token).ConfigureAwait(false)
            ?? throw new NodeProvisioningException(request.NodeId, "no such node");
        if (node.Config.SameAs(request.Config) && node.State is NodeState.Running or NodeState.Starting)
        {
            return new RestartOutcome(true, "already running this configuration", node);
        }

        var verdict = await RestartVerdictAsync(connection, node, request.Config, Token).ConfigureAwait(false);
        if (!verdict.Allowed)
        {
            return new RestartOutcome(false, verdict.Reason, node);
        }

        await connection.Provisioner.RestartAsync(request.NodeId, request.Config, Token).ConfigureAwait(false);
        return new RestartOutcome(true, "restart started", await connection.Provisioner.DescribeNodeAsync(request.NodeId, Token).ConfigureAwait(false));
    });

    /// <summary>Removes a node only when it holds no replica and no quorum seat (Core's <see cref="NodeRemovalGate"/>), else returns the refusal.</summary>
    [Activity]
    public Task<GateVerdict> DecommissionNodeAsync(NodeRequest request) => ActivityFailures.Translate(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var connection = clusters.Resolve(request.ClusterId);
        var state = await connection.Admin.DescribeClusterAsync(Token).ConfigureAwait(false);
        var verdict = RemovalVerdict(state, request.NodeId);
        if (verdict.Allowed && state.FindNode(request.NodeId) is not ({ State: NodeState.Decommissioned } or null))
        {
            // Empty now, so nothing moves to or from it: its throttle rates go first, while it can still be reached
            // (Kafka keeps a gone broker id's dynamic configs, and the final clear can no longer reach them).
            if (state.FindNode(request.NodeId)?.IsBroker == true)
            {
                await connection.Admin.ClearBrokerReplicationThrottleAsync(request.NodeId, Token).ConfigureAwait(false);
            }

            await connection.Provisioner.DecommissionAsync(request.NodeId, Token).ConfigureAwait(false);
        }

        return PayloadBounds.Bounded(verdict);
    });

    /// <summary>
    /// Migration rollback: deprovisions the controllers of an unfinished migration (Kafka's revert table). Refused
    /// once the migration is finalized, when the quorum holds the only copy of the metadata.
    /// </summary>
    [Activity]
    public Task<bool> DeprovisionMigrationQuorumAsync(NodesRequest request) => ActivityFailures.Translate(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var connection = clusters.Resolve(request.ClusterId);
        var state = await connection.Admin.DescribeClusterAsync(Token).ConfigureAwait(false);
        if (state.MetadataMode == MetadataMode.KRaft)
        {
            throw ActivityFailures.Unsafe("The migration is finalized: the KRaft quorum holds the only copy of the metadata and cannot be deprovisioned.");
        }

        foreach (var id in request.NodeIds.Where(id => state.FindNode(id) is { IsController: true, State: not NodeState.Decommissioned }))
        {
            await connection.Provisioner.DecommissionAsync(id, Token).ConfigureAwait(false);
        }

        return true;
    });

    /// <summary>
    /// Whether restarting <paramref name="node"/> into <paramref name="config"/> may go ahead: one already running
    /// (or starting) that configuration, or not running at all, stops nothing; a running one must pass the stop gate.
    /// The one rule <see cref="RestartNodeAsync"/> acts on and <see cref="WaitActivities"/> waits for.
    /// </summary>
    internal static async Task<GateVerdict> RestartVerdictAsync(ClusterConnection connection, NodeInfo node, NodeConfig config, CancellationToken token)
    {
        if (node.Config.SameAs(config) && node.State is NodeState.Running or NodeState.Starting)
        {
            return GateVerdict.Allow("already running this configuration");
        }

        if (node.State != NodeState.Running)
        {
            return GateVerdict.Allow($"node {node.NodeId} is {node.State}: a restart stops nothing");
        }

        var state = await connection.Admin.DescribeClusterAsync(token).ConfigureAwait(false);
        return StopVerdict(state, [node.NodeId]);
    }

    /// <summary>
    /// Whether <paramref name="nodeId"/> may be removed: already gone, or holding no replica and no quorum seat
    /// (Core's <see cref="NodeRemovalGate"/>). The one rule <see cref="DecommissionNodeAsync"/> acts on and
    /// <see cref="WaitActivities"/> waits for.
    /// </summary>
    internal static GateVerdict RemovalVerdict(ClusterState state, int nodeId) =>
        state.FindNode(nodeId) is { State: NodeState.Decommissioned } or null
            ? GateVerdict.Allow($"Node {nodeId} is already gone")
            : NodeRemovalGate.Evaluate(state, nodeId);

    internal static GateVerdict StopVerdict(ClusterState state, IReadOnlyList<int> nodeIds)
    {
        var controllers = nodeIds.Where(id => state.FindNode(id) is { IsController: true }).ToList();
        if (controllers.Count > 0 && state.Quorum is { } quorum)
        {
            foreach (var controller in controllers)
            {
                var verdict = ControllerStopGate.Evaluate(quorum, controller);
                if (!verdict.Allowed)
                {
                    return verdict;
                }
            }
        }

        var brokers = nodeIds.Where(id => state.FindNode(id) is { IsBroker: true }).ToList();
        return brokers.Count > 0
            ? BrokerStopGate.Evaluate(state, brokers)
            : GateVerdict.Allow($"No broker among nodes {string.Join(",", nodeIds)}; the quorum keeps its majority");
    }

    private static CancellationToken Token => ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;
}
