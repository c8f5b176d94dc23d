using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation.Behaviour;

/// <summary>
/// The KRaft controller quorum: leader election among a majority of running voters, voters and observers
/// replicating the metadata log, and KIP-853 membership changes (a caught-up observer may become a voter; one
/// change at a time; a removed leader resigns). Checks and errors follow Kafka's AddVoterHandler/RemoveVoterHandler.
/// </summary>
internal static class QuorumBehaviour
{
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
            if (!quorum.IsVoter(node.Id) && node.MetadataLeo == 0)
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
        var running = quorum.Voters.Where(v => cluster.Node(v.NodeId) is { IsRunning: true }).Select(v => v.NodeId).ToList();
        var hasMajority = running.Count * 2 > quorum.Voters.Count;
        if (quorum.LeaderId >= 0 && (!hasMajority || cluster.Node(quorum.LeaderId) is not { IsRunning: true }))
        {
            quorum.LeaderId = -1;
            quorum.LeaderLostAtMs = cluster.NowMs;
        }

        if (quorum.LeaderId < 0 && hasMajority && cluster.NowMs - (quorum.LeaderLostAtMs ?? 0) >= (long)cluster.Options.QuorumElectionTime.TotalMilliseconds)
        {
            // The most up-to-date running voter wins (Raft's log check), lowest id on ties.
            var candidates = running.Count > 1 ? running.Where(id => id != quorum.ResignedLeaderId).ToList() : running;
            quorum.LeaderId = candidates.OrderByDescending(id => cluster.Node(id)!.MetadataLeo).ThenBy(id => id).First();
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
        foreach (var controller in cluster.Controllers.Where(c => c.IsRunning))
        {
            controller.LastFetchMs = cluster.NowMs;
            controller.MetadataLeo = quorum.IsVoter(controller.Id) && controller.LastCaughtUpMs is not null
                ? quorum.LogEndOffset
                : Math.Min(quorum.LogEndOffset, controller.MetadataLeo + catchUp);
            if (controller.MetadataLeo >= quorum.LogEndOffset)
            {
                controller.LastCaughtUpMs = cluster.NowMs;
            }
        }
    }

    public static void AddVoter(SimCluster cluster, int nodeId, Guid directoryId)
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

        quorum.PendingChange = (true, nodeId, directoryId, cluster.NowMs + (long)cluster.Options.VoterChangeCommitTime.TotalMilliseconds);
    }

    public static void RemoveVoter(SimCluster cluster, int nodeId, Guid directoryId)
    {
        var quorum = RequireLeader(cluster);
        RequireNoPendingChange(quorum);
        var voter = quorum.Voters.FindIndex(v => v.NodeId == nodeId && (v.DirectoryId == directoryId || v.DirectoryId == Guid.Empty));
        if (voter < 0 || quorum.Voters.Count == 1)
        {
            throw new KafkaApiException(KafkaError.VoterNotFound,
                voter < 0
                    ? $"Cannot remove voter ReplicaKey(id={nodeId}, directoryId={directoryId}): it is not a voter"
                    : $"Cannot remove voter {nodeId}: it is the last voter");
        }

        quorum.PendingChange = (false, nodeId, directoryId, cluster.NowMs + (long)cluster.Options.VoterChangeCommitTime.TotalMilliseconds);
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
        var release = cluster.Catalog.Get(cluster.Controllers.First().Config.Version);
        var brokerIbp = Features.EffectiveInterBrokerProtocol(cluster);
        cluster.MetadataVersionLevel = (brokerIbp is null ? null : cluster.Catalog.FindMetadataVersion(brokerIbp)?.Level) ?? release.LatestProductionMetadataLevel;
        foreach (var node in cluster.Controllers)
        {
            node.MetadataLeo = quorum.LogEndOffset;
            node.LastCaughtUpMs = cluster.NowMs;
        }
    }

    private static void CommitPendingChange(SimCluster cluster, SimQuorum quorum)
    {
        if (quorum.PendingChange is not { } change || change.CommitAtMs > cluster.NowMs || quorum.LeaderId < 0)
        {
            return;
        }

        quorum.PendingChange = null;
        quorum.LogEndOffset++;
        if (change.Add)
        {
            quorum.Voters.Add((change.NodeId, change.DirectoryId));
            return;
        }

        quorum.Voters.RemoveAll(v => v.NodeId == change.NodeId);
        if (quorum.LeaderId == change.NodeId)
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
                $"A voter change (node {pending.NodeId}) is still in progress: one membership change at a time");
        }
    }
}
