using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Protocol.Errors;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Schema;
using KafkaUpgrade.Simulation.Wire.Versions;

namespace KafkaUpgrade.Simulation.Wire.Handlers;

/// <summary>
/// The KRaft quorum APIs: DescribeQuorum (55), AddRaftVoter (80), RemoveRaftVoter (81), UpdateFeatures (57) and
/// UnregisterBroker (64). A broker forwards them to the active controller; a controller that is not the quorum
/// leader answers NOT_LEADER_OR_FOLLOWER for the raft APIs (KafkaRaftClient) and NOT_CONTROLLER for the controller
/// APIs (QuorumController). The checks and errors of the changes themselves are the simulator's (KIP-853 order:
/// see the research notes §4 and §6), run on the simulator's quorum.
/// </summary>
internal static class QuorumHandlers
{
    private const string MetadataTopic = "__cluster_metadata";

    public static KafkaStruct Describe(RequestContext context)
    {
        var response = context.NewResponse().Set("ErrorCode", (short)0);
        foreach (var topic in context.Request.GetStructs("Topics") ?? [])
        {
            var name = topic.GetString("TopicName")!;
            var t = response.Add("Topics").Set("TopicName", name);
            foreach (var asked in topic.GetStructs("Partitions") ?? [])
            {
                var index = asked.GetInt32("PartitionIndex");
                var p = t.Add("Partitions").Set("PartitionIndex", index).Set("ErrorCode", (short)0);
                var quorum = context.State.Quorum;
                if (name != MetadataTopic || index != 0)
                {
                    p.Set("ErrorCode", (short)KafkaErrorCode.UnknownTopicOrPartition);
                    continue;
                }

                if (quorum is null || !quorum.HasLeader || (context.Listener == ListenerKind.Controller && quorum.LeaderId != context.NodeId))
                {
                    p.Set("ErrorCode", (short)KafkaErrorCode.NotLeaderOrFollower).Set("LeaderId", quorum?.LeaderId ?? -1).Set("LeaderEpoch", quorum?.LeaderEpoch ?? -1);
                    continue;
                }

                p.Set("LeaderId", quorum.LeaderId).Set("LeaderEpoch", quorum.LeaderEpoch).Set("HighWatermark", quorum.HighWatermark);
                foreach (var voter in quorum.Voters)
                {
                    Member(context, p.Add("CurrentVoters"), voter);
                }

                foreach (var observer in quorum.Observers)
                {
                    Member(context, p.Add("Observers"), observer);
                }

                if (context.Version >= 2)
                {
                    foreach (var voter in quorum.Voters)
                    {
                        var node = response.Add("Nodes").Set("NodeId", voter.NodeId);
                        if (context.Front.Ports.Port(voter.NodeId, controller: true) is { } port)
                        {
                            node.Add("Listeners").Set("Name", "CONTROLLER").Set("Host", "127.0.0.1").Set("Port", (ushort)port);
                        }
                    }
                }
            }
        }

        return response;
    }

    public static KafkaStruct AddVoter(RequestContext context)
    {
        var response = context.NewResponse().Set("ErrorCode", (short)0);
        var request = context.Request;
        if (RaftRefusal(context, request.GetString("ClusterId")) is { } refusal)
        {
            return response.Set("ErrorCode", refusal.Code).Set("ErrorMessage", refusal.Message);
        }

        if ((request.GetStructs("Listeners") ?? []).Count == 0)
        {
            return response.Set("ErrorCode", (short)KafkaErrorCode.InvalidRequest).Set("ErrorMessage", "Add voter request didn't include the endpoint of the voter");
        }

        var (code, message) = ApiHandlers.Try(() => context.Simulator.Admin.AddRaftVoterAsync(request.GetInt32("VoterId"), request.GetUuid("VoterDirectoryId")).GetAwaiter().GetResult());
        context.Front.Cache.Invalidate();
        return response.Set("ErrorCode", code).Set("ErrorMessage", message);
    }

    public static KafkaStruct RemoveVoter(RequestContext context)
    {
        var response = context.NewResponse().Set("ErrorCode", (short)0);
        var request = context.Request;
        if (RaftRefusal(context, request.GetString("ClusterId")) is { } refusal)
        {
            return response.Set("ErrorCode", refusal.Code).Set("ErrorMessage", refusal.Message);
        }

        var (code, message) = ApiHandlers.Try(() => context.Simulator.Admin.RemoveRaftVoterAsync(request.GetInt32("VoterId"), request.GetUuid("VoterDirectoryId")).GetAwaiter().GetResult());
        context.Front.Cache.Invalidate();
        return response.Set("ErrorCode", code).Set("ErrorMessage", message);
    }

    /// <summary>
    /// UpdateFeatures: v0 carries AllowDowngrade (a safe downgrade), v1+ UpgradeType (1 upgrade, 2 safe, 3 unsafe
    /// downgrade) and ValidateOnly; v2 answers only the top-level error. All-or-nothing as in KRaft.
    /// </summary>
    public static KafkaStruct UpdateFeatures(RequestContext context)
    {
        var response = context.NewResponse().Set("ErrorCode", (short)0);
        var items = context.Request.GetStructs("FeatureUpdates") ?? [];
        if (context.MustRefuseAsNotController)
        {
            return Results(context, response, items, (short)KafkaErrorCode.NotController, "This is not the correct controller for this cluster.");
        }

        var updates = new List<FeatureUpdate>();
        foreach (var item in items)
        {
            var feature = item.GetString("Feature")!;
            var level = item.GetInt16("MaxVersionLevel");
            var type = context.Version >= 1 ? item.GetInt8("UpgradeType") : item.GetBool("AllowDowngrade") ? (sbyte)2 : (sbyte)1;
            var prefix = $"Invalid update version {level} for feature {feature}.";
            switch (type)
            {
                case 1 or 2 when level < 0:
                    return Results(context, response, items, (short)KafkaErrorCode.InvalidUpdateVersion, $"{prefix} A feature version cannot be less than 0.");
                case 1:
                    updates.Add(new FeatureUpdate(feature, level));
                    break;
                case 2:
                    updates.Add(new FeatureUpdate(feature, level, FeatureUpgradeType.SafeDowngrade));
                    break;
                case 3:
                    return Results(context, response, items, (short)KafkaErrorCode.InvalidUpdateVersion, $"{prefix} Unsafe metadata downgrade is not supported in this version.");
                default:
                    return Results(context, response, items, (short)KafkaErrorCode.InvalidUpdateVersion, $"{prefix} The controller does not support the given upgrade type.");
            }
        }

        var validateOnly = context.Version >= 1 && context.Request.GetBool("ValidateOnly");
        var (code, message) = ApiHandlers.Try(() => context.Simulator.Admin.UpdateFeaturesAsync(updates, validateOnly).GetAwaiter().GetResult());
        context.Front.Cache.Invalidate();
        return Results(context, response, items, code, message);
    }

    public static KafkaStruct UnregisterBroker(RequestContext context)
    {
        var response = context.NewResponse().Set("ErrorCode", (short)0);
        if (context.MustRefuseAsNotController)
        {
            return response.Set("ErrorCode", (short)KafkaErrorCode.NotController).Set("ErrorMessage", "This is not the correct controller for this cluster.");
        }

        var (code, message) = ApiHandlers.Try(() => context.Simulator.Admin.UnregisterBrokerAsync(context.Request.GetInt32("BrokerId")).GetAwaiter().GetResult());
        context.Front.Cache.Invalidate();
        return response.Set("ErrorCode", code).Set("ErrorMessage", message);
    }

    private static KafkaStruct Results(RequestContext context, KafkaStruct response, List<KafkaStruct> items, short code, string? message)
    {
        response.Set("ErrorCode", code).Set("ErrorMessage", message);
        if (context.Version < 2)
        {
            // v0/v1 also report each feature; KRaft fails them all together.
            foreach (var item in items)
            {
                response.Add("Results").Set("Feature", item.GetString("Feature")).Set("ErrorCode", code).Set("ErrorMessage", message);
            }
        }

        return response;
    }

    /// <summary>Checks 1 and 2 of KIP-853's handlers: the cluster id, then that this node leads the quorum.</summary>
    private static (short Code, string Message)? RaftRefusal(RequestContext context, string? clusterId)
    {
        if (clusterId is not null && clusterId != context.State.ClusterId)
        {
            return ((short)KafkaErrorCode.InconsistentClusterId, $"The cluster id {clusterId} does not match {context.State.ClusterId}");
        }

        var quorum = context.State.Quorum;
        if (quorum is null)
        {
            return ((short)KafkaErrorCode.UnsupportedVersion, "The cluster has no KRaft quorum");
        }

        if (!quorum.HasLeader)
        {
            return ((short)KafkaErrorCode.NotLeaderOrFollower, "The quorum has no leader");
        }

        return context.Listener == ListenerKind.Controller && quorum.LeaderId != context.NodeId
            ? ((short)KafkaErrorCode.NotLeaderOrFollower, $"Node {context.NodeId} is not the quorum leader ({quorum.LeaderId})")
            : null;
    }

    private static void Member(RequestContext context, KafkaStruct state, QuorumMember member)
    {
        state.Set("ReplicaId", member.NodeId).Set("LogEndOffset", member.LogEndOffset);
        if (context.Version >= 2)
        {
            state.Set("ReplicaDirectoryId", member.DirectoryId);
        }

        if (context.Version >= 1)
        {
            state.Set("LastFetchTimestamp", member.LastFetchTimestampMs is { } fetch ? context.WallClockMs(fetch) : -1L)
                .Set("LastCaughtUpTimestamp", member.LastCaughtUpTimestampMs is { } caught ? context.WallClockMs(caught) : -1L);
        }
    }
}
