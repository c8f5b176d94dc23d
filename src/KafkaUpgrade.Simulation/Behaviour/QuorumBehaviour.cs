using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Behaviour;

/// <summary>
/// The KRaft controller quorum: leader election among a majority of running voters, voters and observers
/// replicating the metadata log, and KIP-853 membership changes (a caught-up observer may become a voter; one
/// change at a time; a removed leader resigns). Checks and errors follow Kafka's AddVoterHandler/RemoveVoterHandler.
/// A voter is (node id, directory id) (KIP-853): a node re-provisioned with a new metadata directory under a voter's
/// id is only an observer, and the voter it replaced counts as offline. Static voters (kraft.version 0) have no
/// directory id and match by id.
/// </summary>
internal static class QuorumBehaviour
{
    /// <summary>True when <paramref name="node"/> is the voter its id names (same directory id, or a static voter).</summary>
    public static bool IsVoter(SimCluster cluster, SimNode node) =>
        cluster.Quorum is { } quorum && quorum.Voters.Exists(v => v.NodeId == node.Id && IsSameReplica(cluster, v.DirectoryId, node));

    private static bool IsSameReplica(SimCluster cluster, Guid voterDirectory, SimNode node) =>
        cluster.KraftVersion == 0 || voterDirectory == Guid.Empty || voterDirectory == node.DirectoryId;

    private static bool IsLiveVoter(SimCluster cluster, (int NodeId, Guid DirectoryId) voter) =>
        cluster.Node(voter.NodeId) is { IsRunning: true } node && IsSameReplica(cluster, voter.DirectoryId, node);

    public static void OnControllerStarted(SimCluster cluster, SimNode node)
    {
        if (!node.IsController)
        {
            return;
        }

        if (cluster.Quorum is null && node.Config.ControllerQuorumVoters is { } voters && voters.Contains(node.Id))
        {
            Form(cluster, voters);
        }

        if (cluster.Quorum is { } quorum)
        {
            // A voter that restarts has most of the log; a brand-new node starts empty and replays it.
            node.LastFetchMs = cluster.NowMs;
            if (!IsVoter(cluster, node) && node.MetadataLeo == 0)
            {
                node.LastCaughtUpMs = null;
            }
        }
    }

    public static void OnControllerStopping(SimCluster cluster, SimNode node) => OnControllerStopped(cluster, node);

    public static void OnControllerStopped(SimCluster cluster, SimNode node)
    {
        if (cluster.Quorum is { } quorum && quorum.LeaderId == node.Id)
        {
            quorum.LeaderId = -1;
            quorum.LeaderLostAtMs = cluster.NowMs;
        }
    }

    public static void Tick(SimCluster cluster, long dtMs)
    {
        if (cluster.Quorum is not { } quorum)
        {
            return;
        }

        if (!cluster.Controllers.Any())
        {
            // Every controller deprovisioned (a migration rollback): the quorum is gone.
            cluster.Quorum = null;
            return;
        }

        CommitPendingChange(cluster, quorum);
        var running = quorum.Voters.Where(v => IsLiveVoter(cluster, v)).Select(v => v.NodeId).ToList();
        var hasMajority = running.Count * 2 > quorum.Voters.Count;
        if (quorum.LeaderId >= 0 && (!hasMajority || cluster.Node(quorum.LeaderId) is not { IsRunning: true }))
        {
            quorum.LeaderId = -1;
            quorum.LeaderLostAtMs = cluster.NowMs;
        }

        if (quorum.LeaderId < 0 && hasMajority && cluster.NowMs - (quorum.LeaderLostAtMs ?? 0) >= (long)cluster.Options.QuorumElectionTime.TotalMilliseconds)
        {
            // The most up-to-date running voter wins (Raft's log check). Among equals the first candidate whose
            // randomised election timeout fires wins (controller.quorum.election.timeout.ms plus a random jitter in
            // KafkaRaftClient): the seeded random source picks it.
            var candidates = running.Count > 1 ? running.Where(id => id != quorum.ResignedLeaderId).ToList() : running;
            var best = candidates.Max(id => cluster.Node(id)!.MetadataLeo);
            var tied = candidates.Where(id => cluster.Node(id)!.MetadataLeo == best).Order().ToList();
            quorum.LeaderId = tied[cluster.Random.Next(tied.Count)];
            quorum.LeaderSinceMs = cluster.NowMs;
            quorum.ResignedLeaderId = null;
            quorum.LeaderEpoch++;
            quorum.LeaderLostAtMs = null;
            quorum.LogEndOffset++;
        }

        if (quorum.LeaderId < 0)
        {
            return;
        }

        quorum.LogEndOffset += Math.Max(1, dtMs / 500);
        var catchUp = cluster.Options.MetadataCatchUpRecordsPerSecond * dtMs / 1000;
        // Voters and observers (controllers and KRaft brokers alike) fetch the metadata log continuously.
        foreach (var controller in cluster.LiveNodes.Where(n => n.IsRunning && (n.IsController || !n.Config.IsZooKeeperBroker)))
        {
            controller.LastFetchMs = cluster.NowMs;
            controller.MetadataLeo = IsVoter(cluster, controller) && controller.LastCaughtUpMs is not null
                ? quorum.LogEndOffset
                : Math.Min(quorum.LogEndOffset, controller.MetadataLeo + catchUp);
            if (controller.MetadataLeo >= quorum.LogEndOffset)
            {
                controller.LastCaughtUpMs = cluster.NowMs;
            }
        }
    }

    /// <summary>AddRaftVoter: answered once the VotersRecord commits under the new voter set.</summary>
    public static Task AddVoter(SimCluster cluster, int nodeId, Guid directoryId)
    {
        var quorum = RequireLeader(cluster);
        if (directoryId == Guid.Empty)
        {
            throw new KafkaApiException(KafkaError.InvalidRequest, "AddRaftVoter needs the voter's directory id");
        }

        RequireNoPendingChange(quorum);
        if (cluster.KraftVersion == 0)
        {
            throw new KafkaApiException(KafkaError.UnsupportedVersion, "Cluster doesn't support adding voter because the kraft.version feature is 0");
        }

        // AddVoterHandler checks the id only: another directory under a voter's id is still a duplicate.
        if (quorum.IsVoter(nodeId))
        {
            throw new KafkaApiException(KafkaError.DuplicateVoter, $"The voter id for ReplicaKey(id={nodeId}, directoryId={directoryId}) is already part of the set of voters");
        }

        if (cluster.Node(nodeId) is not { IsRunning: true, IsController: true } node)
        {
            throw new KafkaApiException(KafkaError.RequestTimedOut, $"Timed out waiting for ApiVersions from the new voter {nodeId}: it is not a running controller");
        }

        if (node.DirectoryId != directoryId || node.LastCaughtUpMs is null || node.MetadataLeo < quorum.LogEndOffset)
        {
            throw new KafkaApiException(KafkaError.RequestTimedOut,
                $"The voter ReplicaKey(id={nodeId}, directoryId={directoryId}) is lagging behind the leader (log end offset {node.MetadataLeo} of {quorum.LogEndOffset})");
        }

        // KIP-853: the new voter set takes effect as soon as its VotersRecord is appended; it must then commit under
        // that set's majority before the leader answers.
        quorum.Voters.Add((nodeId, directoryId));
        return Append(cluster, quorum, add: true, nodeId, directoryId);
    }

    /// <summary>RemoveRaftVoter: answered once the VotersRecord commits under the remaining voters.</summary>
    public static Task RemoveVoter(SimCluster cluster, int nodeId, Guid directoryId)
    {
        var quorum = RequireLeader(cluster);
        RequireNoPendingChange(quorum);

        // RemoveVoterHandler: "Cluster doesn't support removing voter because the kraft.version feature is 0".
        if (cluster.KraftVersion == 0)
        {
            throw new KafkaApiException(KafkaError.UnsupportedVersion, "Cluster doesn't support removing voter because the kraft.version feature is 0");
        }

        var voter = quorum.Voters.FindIndex(v => v.NodeId == nodeId && (v.DirectoryId == directoryId || v.DirectoryId == Guid.Empty));
        if (voter < 0 || quorum.Voters.Count == 1)
        {
            throw new KafkaApiException(KafkaError.VoterNotFound,
                voter < 0
                    ? $"Cannot remove voter ReplicaKey(id={nodeId}, directoryId={directoryId}): it is not a voter"
                    : $"Cannot remove voter {nodeId}: it is the last voter");
        }

        // The voter stays listed until the change commits (the leader, if removed, leads until then).
        return Append(cluster, quorum, add: false, nodeId, directoryId);
    }

    private static Task Append(SimCluster cluster, SimQuorum quorum, bool add, int nodeId, Guid directoryId)
    {
        quorum.LogEndOffset++;
        var change = new PendingVoterChange(add, nodeId, directoryId,
            cluster.NowMs + (long)cluster.Options.VoterChangeCommitTime.TotalMilliseconds,
            cluster.NowMs + (long)cluster.Options.QuorumRequestTimeout.TotalMilliseconds);
        quorum.PendingChange = change;
        return change.Answer.Task;
    }

    /// <summary>Creates a static quorum from <c>controller.quorum.voters</c>; its leader is elected one election time later.</summary>
    private static void Form(SimCluster cluster, IReadOnlyList<int> voterIds)
    {
        var quorum = new SimQuorum { LeaderLostAtMs = cluster.NowMs, LogEndOffset = 100 + (2L * cluster.Partitions.Count) + cluster.Nodes.Count };
        foreach (var id in voterIds.Order())
        {
            quorum.Voters.Add((id, cluster.Node(id)?.DirectoryId ?? Guid.Empty));
        }

        cluster.Quorum = quorum;
        cluster.KraftVersion = 0;
        // kafka-storage format writes --release-version, by default the release's LATEST_PRODUCTION; 3.9's StorageTool
        // takes the node's inter.broker.protocol.version instead when one is configured. The brokers' IBPs play no
        // part: a migration whose brokers run another IBP is refused at their registration (Migration).
        var first = cluster.Controllers.First().Config;
        var release = cluster.Catalog.Get(first.Version);
        cluster.MetadataVersionLevel = (first.InterBrokerProtocolVersion is { } ibp ? cluster.Catalog.FindMetadataVersion(ibp)?.Level : null) ?? release.LatestProductionMetadataLevel;
        foreach (var node in cluster.Controllers)
        {
            node.MetadataLeo = quorum.LogEndOffset;
            node.LastCaughtUpMs = cluster.NowMs;
        }
    }

    /// <summary>
    /// Commits the appended VotersRecord once a majority of the new voter set has it; until then the caller waits,
    /// and gets REQUEST_TIMED_OUT after <c>controller.quorum.request.timeout.ms</c> while the record stays uncommitted
    /// (and blocks further changes) until a majority is back.
    /// </summary>
    private static void CommitPendingChange(SimCluster cluster, SimQuorum quorum)
    {
        if (quorum.PendingChange is not { } change)
        {
            return;
        }

        var newVoters = quorum.Voters.Where(v => change.Add || v.NodeId != change.NodeId).ToList();
        var live = newVoters.Count(v => IsLiveVoter(cluster, v));
        var canCommit = quorum.LeaderId >= 0 && cluster.NowMs >= change.EarliestCommitMs && live * 2 > newVoters.Count;
        if (!canCommit)
        {
            if (cluster.NowMs >= change.TimeoutAtMs)
            {
                change.Answer.TrySetException(new KafkaApiException(KafkaError.RequestTimedOut,
                    $"The voter change for node {change.NodeId} did not commit under the new voter set within the request timeout"));
            }

            return;
        }

        quorum.PendingChange = null;
        change.Answer.TrySetResult();
        if (!change.Add)
        {
            quorum.Voters.RemoveAll(v => v.NodeId == change.NodeId);
        }

        if (!change.Add && quorum.LeaderId == change.NodeId)
        {
            // A removed leader resigns once the change commits.
            quorum.LeaderId = -1;
            quorum.LeaderLostAtMs = cluster.NowMs - (long)cluster.Options.QuorumElectionTime.TotalMilliseconds + 500;
        }
    }

    private static SimQuorum RequireLeader(SimCluster cluster)
    {
        if (cluster.Quorum is not { } quorum)
        {
            throw new KafkaApiException(KafkaError.UnsupportedVersion, "The cluster has no KRaft controller quorum (ZooKeeper mode)");
        }

        return quorum.LeaderId >= 0
            ? quorum
            : throw new KafkaApiException(KafkaError.BrokerNotAvailable, "The KRaft quorum has no leader right now");
    }

    private static void RequireNoPendingChange(SimQuorum quorum)
    {
        if (quorum.PendingChange is { } pending)
        {
            throw new KafkaApiException(KafkaError.RequestTimedOut,
                $"A voter change (node {pending.NodeId}) is still in progress or uncommitted: one membership change at a time");
        }
    }
}
