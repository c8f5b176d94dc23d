using KafkaUpgrade.Activities;
using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Core.Safety;
using KafkaUpgrade.Core.Versions;
using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Steering;
using KafkaUpgrade.Workflows.Support;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows;

/// <summary>
/// Replaces KRaft controllers one at a time through KIP-853 membership changes, with no rolling restart of the
/// quorum: for each old voter (the active controller last) provision a new controller on the target version, wait
/// until it is an observer caught up with the leader's high watermark, AddRaftVoter, wait until it is a healthy
/// voter, RemoveRaftVoter the old one (a removed leader resigns; wait for the new leader), then decommission the old
/// node once the removal gate allows. One membership change at a time. Refuses, before changing anything, a cluster
/// not in KRaft mode, a static quorum (<c>kraft.version</c> 0) and an invalid target.
/// </summary>
[Workflow("ControllerReplacement")]
public sealed class ControllerReplacementWorkflow
{
    /// <summary>Timing of this run (activity timeouts); set when the run starts, before any activity.</summary>
    private StepTiming? _timing;

    /// <summary>Failure type: the cluster does not run in KRaft mode.</summary>
    public const string NotKRaft = "NotKRaft";

    /// <summary>Failure type: the quorum is static (<c>kraft.version</c> 0), so KIP-853 membership changes are unavailable.</summary>
    public const string StaticQuorum = "StaticQuorum";

    /// <summary>
    /// How far (metadata log records) a new controller's log end offset may be behind the leader's high watermark to
    /// count as caught up. The leader writes a few records a second even when idle, so "equal" would race; Kafka's
    /// AddVoter handler re-checks and answers REQUEST_TIMED_OUT (retried) if it is still lagging.
    /// </summary>
    public const long MaxObserverLagRecords = QuorumMembership.MaxLagRecords;

    private readonly OperatorControls _controls = new(followsCancellation: true);

    // The same commands minus abort: the controls used between AddRaftVoter and the end of that replacement.
    private readonly OperatorControls _finishing = new();
    private readonly ProgressState _progress = new();

    // Configuration of each new controller, decided once at the start (history holds it).
    private readonly Dictionary<int, NodeConfig> _specs = [];

    // The brokers' config roll running now (after the last replacement), which operator commands are passed on to.
    private string? _child;

    /// <summary>Sets up controls before any signal is handled.</summary>
    [WorkflowInit]
    public ControllerReplacementWorkflow(ControllerReplacementInput input) => ArgumentNullException.ThrowIfNull(input);

    /// <summary>Progress for operators (query <c>progress</c>).</summary>
    [WorkflowQuery("progress")]
    public OperationProgress Progress => _progress.Current;

    /// <summary>Operator command, usually forwarded by the parent operation (signal <c>control</c>).</summary>
    [WorkflowSignal("control")]
    public async Task ControlAsync(OperatorCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _controls.Apply(command);

        // An abort ends a pause for the change being finished too, so "abort" never leaves it half done and paused.
        _finishing.Apply(command.Kind == OperatorCommandKind.Abort ? new OperatorCommand(OperatorCommandKind.Resume) : command);

        _progress.Controls(_controls);
        if (_child is not null)
        {
            await Forwarding.ToChildAsync(_child, command);
        }

        await _progress.FlushAsync();
    }

    /// <summary>Pause before the next step (signal <c>pause</c>).</summary>
    [WorkflowSignal("pause")]
    public Task PauseAsync(string? reason) => ControlAsync(new OperatorCommand(OperatorCommandKind.Pause, reason));

    /// <summary>Continue after a pause (signal <c>resume</c>).</summary>
    [WorkflowSignal("resume")]
    public Task ResumeAsync() => ControlAsync(new OperatorCommand(OperatorCommandKind.Resume));

    /// <summary>Stop at the next safe point (signal <c>abort</c>); a membership change already started is finished first.</summary>
    [WorkflowSignal("abort")]
    public Task AbortAsync(string? reason) => ControlAsync(new OperatorCommand(OperatorCommandKind.Abort, reason));

    /// <summary>Runs the replacement.</summary>
    [WorkflowRun]
    public async Task<OperationResult> RunAsync(ControllerReplacementInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ThrowIfInvalid(input);
        _progress.AttachParent(input.ParentWorkflowId);
        var timing = input.Timing ?? new StepTiming();
        _timing = timing;
        await ClusterLeases.AcquireForHopAsync(input.ClusterId, timing);
        var target = KafkaVersion.Parse(input.TargetVersion);
        _progress.Phase("Preflight", "checking the cluster is in KRaft mode with a dynamic quorum");
        await _progress.FlushAsync();

        var summary = await DescribeAsync(input.ClusterId);
        var quorum = await Refusals(input, target, summary);
        var pairs = await PairAsync(input, target, summary, quorum);
        _progress.Nodes(0, pairs.Count);
        if (pairs.Count == 0)
        {
            _progress.Phase("Done", $"every controller already runs {target}");
            await _progress.FlushAsync();
            return new OperationResult(OperationOutcome.Completed, $"Nothing to replace: every voter of {input.ClusterId} runs {target}");
        }

        var done = new List<NodePair>();
        while (done.Count < pairs.Count)
        {
            // The active controller goes last, decided at each step: leadership may have moved since the start.
            quorum = await QuorumAsync(input.ClusterId);
            var remaining = pairs.Except(done).ToList();
            var pair = remaining.FirstOrDefault(p => p.OldNodeId != quorum.LeaderId) ?? remaining[0];
            _progress.Phase(
                $"Replacing controller {done.Count + 1} of {pairs.Count}",
                $"controller {pair.OldNodeId} by {pair.NewNodeId} on {target}{(pair.OldNodeId == quorum.LeaderId ? " (the active controller, last)" : string.Empty)}");
            await _progress.FlushAsync();
            if (!await ReplaceAsync(input, timing, pair))
            {
                return Aborted(input, done, pairs);
            }

            done.Add(pair);
            _progress.Nodes(done.Count, pairs.Count);
            if (_controls.AbortRequested && done.Count < pairs.Count)
            {
                return Aborted(input, done, pairs);
            }
        }

        var brokers = string.Empty;
        if (Workflow.Patched("brokers-learn-new-controllers"))
        {
            // Brokers find the quorum through controller.quorum.bootstrap.servers; one that names only the old
            // controllers could not register after its next restart. Behind a patch: released runs ended here.
            var (updated, note) = await UpdateBrokersAsync(input, timing);
            brokers = $"; {note}";
            if (!updated)
            {
                return new OperationResult(OperationOutcome.Aborted, $"Replaced controllers {string.Join(",", pairs.Select(p => p.OldNodeId))} by {string.Join(",", pairs.Select(p => p.NewNodeId))}{brokers}", pairs.Count);
            }
        }

        _progress.Phase("Done", $"controllers {string.Join(",", pairs.Select(p => p.OldNodeId))} replaced by {string.Join(",", pairs.Select(p => p.NewNodeId))}");
        await _progress.FlushAsync();
        return new OperationResult(
            OperationOutcome.Completed,
            $"Replaced controllers {string.Join(",", pairs.Select(p => p.OldNodeId))} by {string.Join(",", pairs.Select(p => p.NewNodeId))} on {target}, one membership change at a time{brokers}",
            pairs.Count);
    }

    /// <summary>Fails (non-retryable, <c>InvalidInput</c>) on an input no cluster could satisfy.</summary>
    private static void ThrowIfInvalid(ControllerReplacementInput input)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(input.ClusterId))
        {
            problems.Add("ClusterId is empty");
        }

        if (!KafkaVersion.TryParse(input.TargetVersion, out var target))
        {
            problems.Add($"TargetVersion '{input.TargetVersion}' is not a Kafka version (expected e.g. 4.1)");
        }
        else if (VersionCatalog.Default.Find(target) is not { } release)
        {
            problems.Add($"TargetVersion {target} is not a Kafka release this worker knows");
        }
        else if (!release.DynamicQuorum)
        {
            problems.Add($"TargetVersion {target} predates KIP-853 (dynamic controller quorums arrived in 3.9)");
        }

        if (input.ControllerIds is { } ids && ids.Distinct().Count() != ids.Count)
        {
            problems.Add($"ControllerIds [{string.Join(",", ids)}] name a controller twice");
        }

        if (input.Timing is { PollIntervalMs: < 1 } timing)
        {
            problems.Add($"Timing.PollIntervalMs must be positive, was {timing.PollIntervalMs}");
        }

        if (problems.Count > 0)
        {
            throw new ApplicationFailureException($"Invalid ControllerReplacement input: {string.Join("; ", problems)}.", InputValidation.InvalidInput, nonRetryable: true);
        }
    }

    /// <summary>Refuses what KIP-853 cannot do, before anything changes; returns the quorum otherwise.</summary>
    private async Task<QuorumState> Refusals(ControllerReplacementInput input, KafkaVersion target, ClusterSummary summary)
    {
        if (summary.Mode != MetadataMode.KRaft)
        {
            throw new ApplicationFailureException(
                $"Cluster {input.ClusterId} runs in {summary.Mode} mode: controllers can only be replaced by KIP-853 membership changes in KRaft mode. Finish the migration to KRaft first.",
                NotKRaft,
                nonRetryable: true);
        }

        if (summary.Features.KraftVersion < 1)
        {
            throw new ApplicationFailureException(
                $"Cluster {input.ClusterId} has a static controller quorum (kraft.version={summary.Features.KraftVersion}): KIP-853 AddRaftVoter/RemoveRaftVoter need kraft.version=1, i.e. a quorum formatted with --standalone or --initial-controllers " +
                "(or, from Kafka 4.1, upgraded with kafka-features --feature kraft.version=1). Nothing was changed; upgrade the controllers with a rolling restart instead.",
                StaticQuorum,
                nonRetryable: true);
        }

        var quorum = await QuorumAsync(input.ClusterId);
        var problems = new List<string>();
        var release = VersionCatalog.Default.Get(target);
        if (summary.Features.MetadataVersionLevel is { } level && !release.SupportsMetadataLevel(level))
        {
            problems.Add($"a {target} controller cannot run with the finalized metadata.version level {level}");
        }

        var voters = quorum.Voters.Select(v => v.NodeId).ToHashSet();
        foreach (var id in input.ControllerIds ?? [])
        {
            if (!voters.Contains(id))
            {
                problems.Add($"node {id} is not a voter of the quorum (voters: {string.Join(",", voters.Order())})");
            }
        }

        var combined = summary.Nodes.Where(n => voters.Contains(n.Id) && n.IsBroker && (input.ControllerIds?.Contains(n.Id) ?? true)).Select(n => n.Id).ToList();
        if (combined.Count > 0)
        {
            problems.Add($"voters {string.Join(",", combined)} also run the broker role (combined mode): replacing them would move partitions; roll them in place instead");
        }

        if (problems.Count > 0)
        {
            throw new ApplicationFailureException($"Cannot replace the controllers of {input.ClusterId}: {string.Join("; ", problems)}. Nothing was changed.", InputValidation.InvalidInput, nonRetryable: true);
        }

        return quorum;
    }

    /// <summary>
    /// Pairs each old voter with its replacement: a controller-only node on the target version already started by
    /// an earlier attempt (not a voter yet) if there is one, else the next free id; same rack and disk.
    /// </summary>
    private async Task<IReadOnlyList<NodePair>> PairAsync(ControllerReplacementInput input, KafkaVersion target, ClusterSummary summary, QuorumState quorum)
    {
        var byId = summary.Nodes.ToDictionary(n => n.Id);
        var old = quorum.Voters.Select(v => v.NodeId)
            .Where(id => input.ControllerIds?.Contains(id) ?? byId[id].Version.Line != target.Line)
            .Order()
            .ToList();
        var spare = new Queue<int>(summary.Nodes
            .Where(n => n.Roles == NodeRoles.Controller && n.State != NodeState.Decommissioned && n.Version.Line == target.Line && quorum.Voters.All(v => v.NodeId != n.Id))
            .Select(n => n.Id)
            .Order());
        var nextId = summary.Nodes.Max(n => n.Id) + 1;
        var pairs = old.Select(id => new NodePair(id, spare.Count > 0 ? spare.Dequeue() : nextId++)).ToList();
        if (pairs.Count == 0)
        {
            return pairs;
        }

        var infos = await Workflow.ExecuteActivityAsync(
            (NodeActivities a) => a.DescribeNodesAsync(new NodesRequest(input.ClusterId, old)),
            ActivityDefaults.Call(_timing, "describe old controllers"));

        // Dynamic quorum: the new node finds the quorum through controller.quorum.bootstrap.servers, no static voter list.
        foreach (var pair in pairs)
        {
            _specs[pair.NewNodeId] = infos.Single(i => i.NodeId == pair.OldNodeId).Config with { Version = target, ProcessRoles = NodeRoles.Controller, ControllerQuorumVoters = null };
        }

        return pairs;
    }

    /// <summary>
    /// One replacement, resumable at every step (each step checks the quorum first). False when aborted before the
    /// membership change started; the quorum is then as it was.
    /// </summary>
    /// <remarks>
    /// Abort is honoured up to AddRaftVoter (the new node, never a voter, is removed again) and after the old
    /// controller is gone. Between the two the change is finished even when an abort arrives: rolling back (removing
    /// the new voter) is the same kind of change as going forward (removing the old one), so stopping there only
    /// leaves an even-sized quorum (N+1 voters tolerate no more failures than N, with one more node that can fail)
    /// and an old-version voter behind. A pause is still honoured there, between calls.
    /// </remarks>
    private async Task<bool> ReplaceAsync(ControllerReplacementInput input, StepTiming timing, NodePair pair)
    {
        var (oldId, newId) = (pair.OldNodeId, pair.NewNodeId);
        var quorum = await QuorumAsync(input.ClusterId);
        if (quorum.Voters.All(v => v.NodeId != newId))
        {
            if (!await JoinAsObserverAsync(input, timing, newId))
            {
                await RemoveUnusedAsync(input, newId);
                return false;
            }

            _progress.Step($"AddRaftVoter {newId}: one membership change at a time");
            await _progress.FlushAsync();
            var add = new NodeRequest(input.ClusterId, newId);
            await Workflow.ExecuteActivityAsync((MetadataActivities a) => a.AddVoterAsync(add), ActivityDefaults.Call(_timing, $"add voter {newId}"));
        }

        if (quorum.Voters.Any(v => v.NodeId == oldId))
        {
            _progress.Step($"waiting for controller {newId} to be a caught-up voter");
            await Waits.ForPatchedAsync(Wait(input, WaitKind.HealthyVoter, newId), () => AsVerdict(NotYetHealthyVoterAsync(input.ClusterId, newId)), _finishing, _progress, timing);

            // Removing a voter is refused by this gate unless a caught-up majority remains without it.
            _progress.Step($"RemoveRaftVoter {oldId}");
            await Waits.ForPatchedAsync(Wait(input, WaitKind.VoterRemovable, oldId), async () => ControllerStopGate.Evaluate(await QuorumAsync(input.ClusterId), oldId), _finishing, _progress, timing);
            var remove = new NodeRequest(input.ClusterId, oldId);
            await Workflow.ExecuteActivityAsync((MetadataActivities a) => a.RemoveVoterAsync(remove), ActivityDefaults.Call(_timing, $"remove voter {oldId}"));
            _progress.Step($"waiting for the removal of voter {oldId} to commit (a removed leader resigns and another voter is elected)");
            await Waits.ForPatchedAsync(Wait(input, WaitKind.VoterRemoved, oldId), () => AsVerdict(NotYetRemovedAsync(input.ClusterId, oldId)), _finishing, _progress, timing);
        }

        _progress.Step($"decommissioning controller {oldId}");
        var request = new NodeRequest(input.ClusterId, oldId);
        await Waits.ThenAsync(
            Wait(input, WaitKind.Retirable, oldId),
            () => Workflow.ExecuteActivityAsync((NodeActivities a) => a.DecommissionNodeAsync(request), ActivityDefaults.Call(_timing, $"decommission controller {oldId}")),
            _finishing,
            _progress,
            timing);
        await Waits.ForPatchedAsync(Wait(input, WaitKind.NodesGone, oldId) with { Subject = "old controller" }, () => AsVerdict(NotYetGoneAsync(input.ClusterId, oldId)), _finishing, _progress, timing);
        return true;
    }

    /// <summary>Provisions the new controller (idempotent) and waits until it is an observer caught up with the leader; false when aborted.</summary>
    private async Task<bool> JoinAsObserverAsync(ControllerReplacementInput input, StepTiming timing, int newId)
    {
        if (!await Waits.HoldWhilePausedAsync(_controls, _progress))
        {
            return false;
        }

        _progress.Step($"provisioning controller {newId} on {_specs[newId].Version}");
        await _progress.FlushAsync();
        var provision = new ProvisionNodesRequest(input.ClusterId, [new NodeToProvision(newId, _specs[newId])]);
        await Workflow.ExecuteActivityAsync((NodeActivities a) => a.ProvisionNodesAsync(provision), ActivityDefaults.Call(_timing, $"provision controller {newId}"));
        var nodes = new NodesRequest(input.ClusterId, [newId]);
        var started = await Waits.UntilAsync(
            async () =>
            {
                var info = (await Workflow.ExecuteActivityAsync((NodeActivities a) => a.DescribeNodesAsync(nodes), ActivityDefaults.Call(_timing, $"describe controller {newId}"))).SingleOrDefault();
                return info switch
                {
                    null => $"new controller {newId} does not exist yet",
                    { State: NodeState.Running } => null,
                    { State: NodeState.Failed } => $"new controller {newId} failed to start: {info.FailureReason}",
                    _ => $"new controller {newId} is {info.State}",
                };
            },
            _controls,
            _progress,
            timing);
        if (!started)
        {
            return false;
        }

        _progress.Step($"waiting for controller {newId} to join as an observer and catch up with the metadata log");
        return await Waits.ForPatchedAsync(Wait(input, WaitKind.CaughtUpObserver, newId), () => AsVerdict(NotYetCaughtUpObserverAsync(input.ClusterId, newId)), _controls, _progress, timing);
    }

    /// <summary>After an abort before AddRaftVoter: the new node never voted, so it goes again (it holds nothing).</summary>
    private async Task RemoveUnusedAsync(ControllerReplacementInput input, int newId)
    {
        var request = new NodeRequest(input.ClusterId, newId);
        var verdict = await Workflow.ExecuteActivityAsync((NodeActivities a) => a.DecommissionNodeAsync(request), ActivityDefaults.Cleanup(_timing, $"remove unused controller {newId}"));
        _progress.Step(verdict.Allowed ? $"aborted: unused controller {newId} decommissioned" : $"aborted: controller {newId} kept ({verdict.Reason})");
        await _progress.FlushAsync();
    }

    private OperationResult Aborted(ControllerReplacementInput input, List<NodePair> done, IReadOnlyList<NodePair> pairs)
    {
        var left = pairs.Except(done).Select(p => p.OldNodeId).ToList();
        var replaced = done.Count == 0 ? "no controller replaced" : $"controllers {string.Join(",", done.Select(p => p.OldNodeId))} replaced by {string.Join(",", done.Select(p => p.NewNodeId))}";
        return new OperationResult(
            OperationOutcome.Aborted,
            $"Aborted ({_controls.AbortReason}) on {input.ClusterId}: {replaced}; controllers {string.Join(",", left)} stay voters on their version. The quorum has as many voters as before.",
            done.Count);
    }

    private async Task<string?> NotYetCaughtUpObserverAsync(string clusterId, int nodeId) =>
        QuorumMembership.NotYetCaughtUpObserver(await QuorumAsync(clusterId), nodeId);

    private async Task<string?> NotYetHealthyVoterAsync(string clusterId, int nodeId) =>
        QuorumMembership.NotYetHealthyVoter(await QuorumAsync(clusterId), nodeId);

    private async Task<string?> NotYetRemovedAsync(string clusterId, int nodeId) =>
        QuorumMembership.NotYetRemoved(await QuorumAsync(clusterId), nodeId);

    private static WaitRequest Wait(ControllerReplacementInput input, WaitKind kind, int nodeId) => new(input.ClusterId, kind, 0, 0, NodeIds: [nodeId]);

    private static async Task<GateVerdict> AsVerdict(Task<string?> check) =>
        await check is { } reason ? GateVerdict.Refuse(reason, []) : GateVerdict.Allow("done");

    private async Task<string?> NotYetGoneAsync(string clusterId, int nodeId)
    {
        var request = new NodesRequest(clusterId, [nodeId]);
        var info = (await Workflow.ExecuteActivityAsync((NodeActivities a) => a.DescribeNodesAsync(request), ActivityDefaults.Call(_timing, $"describe controller {nodeId}"))).SingleOrDefault();
        return info is null or { State: NodeState.Decommissioned } ? null : $"old controller {nodeId} is {info.State}, shutting down";
    }

    /// <summary>
    /// Gives every KRaft broker whose <c>controller.quorum.bootstrap.servers</c> names controllers one by one the
    /// voters now, by a config-only rolling restart through RollingUpgrade (gated like every restart: leadership away,
    /// the stop gate, back in every ISR). Brokers on the layout's bootstrap name (a DNS name or VIP that still
    /// resolves to the controllers) need nothing. False when the roll was aborted.
    /// </summary>
    private async Task<(bool Updated, string Note)> UpdateBrokersAsync(ControllerReplacementInput input, StepTiming timing)
    {
        var voters = (await QuorumAsync(input.ClusterId)).Voters.Select(v => v.NodeId).Order().ToList();
        var summary = await DescribeAsync(input.ClusterId);
        var brokerIds = summary.Nodes.Where(n => n.IsBroker && !n.IsController && n.State != NodeState.Decommissioned).Select(n => n.Id).ToList();
        var infos = await Workflow.ExecuteActivityAsync(
            (NodeActivities a) => a.DescribeNodesAsync(new NodesRequest(input.ClusterId, brokerIds)), ActivityDefaults.Call(_timing, "describe brokers"));
        var stale = infos
            .Where(n => !n.Config.IsZooKeeperBroker && n.Config.ControllerBootstrapIds is { Count: > 0 } named && !named.Order().SequenceEqual(voters))
            .Select(n => n.NodeId).Order().ToList();
        if (stale.Count == 0)
        {
            return (true, infos.Any(n => n.Config.ControllerBootstrapIds is { Count: > 0 })
                ? $"brokers already name controllers {string.Join(",", voters)} in controller.quorum.bootstrap.servers"
                : "brokers reach the quorum through the layout's controller.quorum.bootstrap.servers name, which still resolves: no broker to update");
        }

        _progress.Phase("Updating brokers", $"brokers {string.Join(",", stale)}: controller.quorum.bootstrap.servers to controllers {string.Join(",", voters)}");
        await _progress.FlushAsync();
        var id = $"{Workflow.Info.WorkflowId}/brokers-bootstrap";
        var roll = new RollingUpgradeInput(input.ClusterId, new NodeChange(ControllerBootstrapIds: voters), stale, 1, timing, Workflow.Info.WorkflowId);
        _child = id;
        var result = await Workflow.ExecuteChildWorkflowAsync((RollingUpgradeWorkflow wf) => wf.RunAsync(roll), Detached.Child(id, id));
        _child = null;
        return result.Outcome == OperationOutcome.Completed
            ? (true, $"brokers {string.Join(",", stale)} restarted with controller.quorum.bootstrap.servers naming controllers {string.Join(",", voters)}")
            : (false, $"the brokers' controller.quorum.bootstrap.servers update stopped: {result.Summary}");
    }

    private Task<ClusterSummary> DescribeAsync(string clusterId) =>
        Workflow.ExecuteActivityAsync((ClusterActivities a) => a.DescribeClusterAsync(clusterId), ActivityDefaults.Call(_timing, "describe cluster"));

    private Task<QuorumState> QuorumAsync(string clusterId) =>
        Workflow.ExecuteActivityAsync((MetadataActivities a) => a.DescribeQuorumAsync(clusterId), ActivityDefaults.Call(_timing, "describe quorum"));
}
