using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Behaviour;

/// <summary>
/// Provisioning, starting, controlled shutdown, crashes, restarts and decommissioning of nodes, with the time each
/// takes. Start-up refusals are Kafka's (<see cref="StartupRules"/>); a refused KRaft registration keeps retrying
/// until <c>initial.broker.registration.timeout.ms</c> and then the process exits, as Kafka does.
/// </summary>
internal static class NodeLifecycle
{
    public static SimNode Provision(SimCluster cluster, int id, NodeConfig config)
    {
        if (cluster.Node(id) is { IsGone: false } existing)
        {
            return existing.Config.SameAs(config)
                ? existing
                : throw new NodeProvisioningException(id, $"a node with this id already exists (Kafka {existing.Config.Version}, {existing.State}) with a different configuration");
        }

        ValidateConfig(cluster, id, config);
        var directory = new byte[16];
        cluster.Random.NextBytes(directory);
        var node = new SimNode(id, config, new Guid(directory))
        {
            Pending = PendingAction.FinishProvisioning,
            PendingUntilMs = cluster.NowMs + Ms(cluster.Options.ProvisioningTime),
        };
        cluster.SetNode(node);
        return node;
    }

    public static void Start(SimCluster cluster, SimNode node)
    {
        switch (node.State)
        {
            case NodeState.Stopped or NodeState.Failed:
                BeginStart(cluster, node);
                break;
            case NodeState.Decommissioned:
                throw new NodeProvisioningException(node.Id, "the node was decommissioned");
            default:
                // Running, starting, provisioning or shutting down: nothing to do (idempotent).
                break;
        }
    }

    public static void Stop(SimCluster cluster, SimNode node)
    {
        switch (node.State)
        {
            case NodeState.Running when node.IsBroker && !cluster.HasActiveController:
                // Nobody can approve the controlled shutdown: a KRaft broker keeps asking in its heartbeats until
                // its wait runs out, a ZooKeeper broker retries ControlledShutdown and then stops uncoordinated.
                node.State = NodeState.ShuttingDown;
                node.ShutdownAwaitsController = true;
                QuorumBehaviour.OnControllerStopping(cluster, node);
                node.Pending = PendingAction.FinishShutdown;
                node.PendingUntilMs = cluster.NowMs + Ms(node.Config.IsZooKeeperBroker
                    ? cluster.Options.ZooKeeperControlledShutdownRetries
                    : cluster.Options.KRaftControlledShutdownTimeout);
                break;
            case NodeState.Running:
                BeginControlledShutdown(cluster, node);
                break;
            case NodeState.Provisioning or NodeState.Starting:
                node.State = NodeState.Stopped;
                node.Pending = PendingAction.None;
                break;
            default:
                break;
        }
    }

    public static void Restart(SimCluster cluster, SimNode node, NodeConfig config)
    {
        ValidateConfig(cluster, node.Id, config);
        switch (node.State)
        {
            case NodeState.Running or NodeState.ShuttingDown:
                node.RestartWith = config;
                Stop(cluster, node);
                break;
            case NodeState.Decommissioned:
                throw new NodeProvisioningException(node.Id, "the node was decommissioned");
            default:
                node.Config = config;
                BeginStart(cluster, node);
                break;
        }
    }

    public static void Decommission(SimCluster cluster, SimNode node)
    {
        if (node.IsGone)
        {
            return;
        }

        if (node.State is NodeState.Running or NodeState.ShuttingDown)
        {
            node.DecommissionAfterStop = true;
            Stop(cluster, node);
            return;
        }

        Destroy(cluster, node);
    }

    /// <summary>Fault: the process dies; the cluster notices one session timeout later.</summary>
    public static void Crash(SimCluster cluster, SimNode node)
    {
        if (!node.IsProcessUp)
        {
            return;
        }

        node.State = NodeState.Stopped;
        node.Isolated = false;
        node.IsolatedUntilMs = null;
        node.Pending = PendingAction.None;
        node.CleanShutdown = false;
        node.CrashedAtMs = cluster.NowMs;
        node.FailureReason = "crashed";
        QuorumBehaviour.OnControllerStopped(cluster, node);
    }

    /// <summary>Advances every node whose current phase is over, and fences crashed brokers after the session timeout.</summary>
    public static void Tick(SimCluster cluster)
    {
        foreach (var node in cluster.Nodes.Values.Where(n => n.Pending != PendingAction.None && n.PendingUntilMs <= cluster.NowMs).ToList())
        {
            var action = node.Pending;
            node.Pending = PendingAction.None;
            switch (action)
            {
                case PendingAction.FinishProvisioning:
                    BeginStart(cluster, node);
                    break;
                case PendingAction.FinishStart:
                    CompleteStart(cluster, node);
                    break;
                case PendingAction.FinishShutdown:
                    CompleteShutdown(cluster, node);
                    break;
                case PendingAction.FailRegistration:
                    node.State = NodeState.Failed;
                    break;
            }
        }

        ReRegisterUnregisteredBrokers(cluster);

        // ZooKeeper mode: a dead controller's /controller znode expires with its session and another broker takes it.
        foreach (var node in cluster.Nodes.Values.Where(n => n.Id == cluster.ZooKeeperControllerId && n.CrashedAtMs is { } at && cluster.NowMs - at >= Leadership.SessionTimeoutMs(cluster)).ToList())
        {
            ZooKeeperController.OnBrokerStopping(cluster, node);
        }

        if (!cluster.HasActiveController)
        {
            // Nobody fences while no controller is active: the next one does (below), so a dead leader never keeps
            // a partition with a full ISR.
            return;
        }

        foreach (var node in cluster.Nodes.Values.Where(n => n.ShutdownAwaitsController && n.State == NodeState.ShuttingDown).ToList())
        {
            BeginControlledShutdown(cluster, node);
        }

        // KRaft: the controller that takes over starts every broker's session afresh (ClusterControlManager.activate
        // creates a new BrokerHeartbeatManager), so a broker that died meanwhile is fenced one session timeout after
        // that. ZooKeeper: the broker's ephemeral znode expires with its session; the next controller sees it gone.
        var sessionStart = cluster.IsKRaftCluster || cluster.KRaftOwnsZooKeeperController ? cluster.Quorum?.LeaderSinceMs ?? 0 : 0;
        foreach (var node in cluster.Nodes.Values.Where(n => n.CrashedAtMs is { } at && cluster.NowMs - Math.Max(at, n.Config.IsZooKeeperBroker ? 0 : sessionStart) >= Leadership.SessionTimeoutMs(cluster)).ToList())
        {
            node.CrashedAtMs = null;
            ControlledShutdown.Fence(cluster, node);
        }
    }

    /// <summary>
    /// A running KRaft broker whose registration was removed (UnregisterBroker) finds out from its next heartbeat
    /// and registers again with the same checks as at start-up; refused (say metadata.version was finalized beyond
    /// its range meanwhile), it retries until the registration timeout and exits.
    /// </summary>
    private static void ReRegisterUnregisteredBrokers(SimCluster cluster)
    {
        if (cluster.Quorum is not { LeaderId: >= 0 })
        {
            return;
        }

        foreach (var node in cluster.Brokers.Where(n => n.IsRunning && !n.KRaftRegistered && !n.Config.IsZooKeeperBroker && n.Pending == PendingAction.None).ToList())
        {
            if (StartupRules.RegistrationRefusal(cluster, node) is { } refused)
            {
                node.FailureReason = refused;
                node.Pending = PendingAction.FailRegistration;
                node.PendingUntilMs = cluster.NowMs + Ms(cluster.Options.RegistrationTimeout);
                node.CrashedAtMs = cluster.NowMs;
                continue;
            }

            node.KRaftRegistered = true;
        }
    }

    private static void BeginControlledShutdown(SimCluster cluster, SimNode node)
    {
        node.ShutdownAwaitsController = false;
        ControlledShutdown.Begin(cluster, node);
        node.Pending = PendingAction.FinishShutdown;
        node.PendingUntilMs = cluster.NowMs + Ms(cluster.Options.ControlledShutdownTime);
    }

    private static void BeginStart(SimCluster cluster, SimNode node)
    {
        node.State = NodeState.Starting;
        node.FailureReason = null;
        node.StrandedLeaderEpochs = null;
        var logBytes = cluster.AllPartitions.Sum(p => p.Leo.GetValueOrDefault(node.Id));

        // Loading the logs grows with their size (assumption: 2 GiB/s of index checks); after an unclean shutdown the
        // unflushed tail of every partition (up to one checkpoint interval of writes, assumed 64 MiB) is re-validated.
        var loadSeconds = logBytes / (2.0 * 1024 * 1024 * 1024);
        var recoverySeconds = node.CleanShutdown
            ? 0
            : cluster.AllPartitions.Where(p => p.Leo.ContainsKey(node.Id)).Sum(p => Math.Min(p.Leo[node.Id], 64.0 * 1024 * 1024)) / cluster.Options.RecoveryBytesPerSecond;
        // Starts of equal work do not finish in lockstep on real machines: up to StartJitter more, drawn from the seed,
        // decides which of several brokers started together comes back first.
        var jitter = cluster.Options.StartJitter > TimeSpan.Zero ? cluster.Random.NextInt64(Ms(cluster.Options.StartJitter) + 1) : 0;
        node.Pending = PendingAction.FinishStart;
        node.PendingUntilMs = cluster.NowMs + Ms(cluster.Options.CleanStartTime) + (long)((loadSeconds + recoverySeconds) * 1000) + jitter;
    }

    private static void CompleteStart(SimCluster cluster, SimNode node)
    {
        var refusal = StartupRules.Refusal(cluster, node);
        if (refusal is not null)
        {
            node.FailureReason = refusal.Value.Reason;
            if (refusal.Value.RetriesRegistration)
            {
                node.Pending = PendingAction.FailRegistration;
                node.PendingUntilMs = cluster.NowMs + Ms(cluster.Options.RegistrationTimeout);
            }
            else
            {
                node.State = NodeState.Failed;
            }

            return;
        }

        node.State = NodeState.Running;
        node.CrashedAtMs = null;
        node.CleanShutdown = false;
        if (!node.Config.IsZooKeeperBroker)
        {
            node.KRaftRegistered = true;
        }

        // A restarted replica keeps its log: Replication lets it fetch from the leader and rejoin the ISR once caught up.
        QuorumBehaviour.OnControllerStarted(cluster, node);
        ZooKeeperController.OnBrokerStarted(cluster, node);
    }

    private static void CompleteShutdown(SimCluster cluster, SimNode node)
    {
        node.State = NodeState.Stopped;
        node.CleanShutdown = true;
        if (node.ShutdownAwaitsController)
        {
            // It gave up waiting ("Timed out waiting for the controller to approve controlled shutdown" /
            // "Proceeding to do an unclean shutdown"): its logs close cleanly, but the controller still believes it
            // alive and fences it like a crashed broker (a ZooKeeper broker's znode goes with its closed session).
            node.ShutdownAwaitsController = false;
            node.CrashedAtMs = node.Config.IsZooKeeperBroker ? cluster.NowMs - Leadership.SessionTimeoutMs(cluster) : cluster.NowMs;
        }

        QuorumBehaviour.OnControllerStopped(cluster, node);
        if (node.DecommissionAfterStop)
        {
            Destroy(cluster, node);
            return;
        }

        if (node.RestartWith is { } config)
        {
            node.RestartWith = null;
            node.Config = config;
            BeginStart(cluster, node);
        }
    }

    private static void Destroy(SimCluster cluster, SimNode node)
    {
        var holds = cluster.AllPartitions.Where(p => p.Replicas.Contains(node.Id) || p.Leo.ContainsKey(node.Id)).ToList();
        // Deprovisioning the quorum is the documented rollback of an unfinished migration; in a KRaft cluster a voter
        // must be removed from the quorum first.
        var isVoter = cluster.IsKRaftCluster && QuorumBehaviour.IsVoter(cluster, node);
        if (holds.Count > 0 || isVoter)
        {
            cluster.Statistics.UnsafeRemovals++;
            cluster.Statistics.SafetyEvents.Add(
                $"t={cluster.NowMs}ms: node {node.Id} destroyed while it held {holds.Count} replica(s){(isVoter ? " and a quorum seat" : string.Empty)}");
        }

        foreach (var partition in holds)
        {
            partition.Leo.Remove(node.Id);
            partition.Isr.Remove(node.Id);
            if (partition.Leader == node.Id)
            {
                Leadership.ElectLeader(cluster, partition, excluding: node.Id);
            }

            cluster.Ledger.OnReplicaDestroyed(partition);
        }

        node.State = NodeState.Decommissioned;
        node.Pending = PendingAction.None;
        ZooKeeperController.OnBrokerGone(cluster, node);
    }

    private static void ValidateConfig(SimCluster cluster, int id, NodeConfig config)
    {
        if (cluster.Catalog.Find(config.Version) is null)
        {
            throw new NodeProvisioningException(id, $"Kafka {config.Version} is not in the version catalog");
        }

        if (config.ProcessRoles is NodeRoles.None)
        {
            throw new NodeProvisioningException(id, "process.roles must name broker, controller or both");
        }
    }

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;
}
