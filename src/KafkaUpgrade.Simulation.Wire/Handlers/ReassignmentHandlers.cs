using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Protocol.Errors;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Simulation.Wire.Handlers;

/// <summary>
/// ListPartitionReassignments (46), AlterPartitionReassignments (45) and ElectLeaders (43): controller requests.
/// A KRaft broker forwards them to the active controller (KIP-590), so they are served by the simulator's controller
/// whatever broker gets them; a ZooKeeper broker that is not the controller, or a KRaft controller that is not the
/// active one, answers NOT_CONTROLLER (41). The changes are the simulator's: a reassignment submitted here moves
/// data in simulated time.
/// </summary>
internal static class ReassignmentHandlers
{
    public static KafkaStruct List(RequestContext context)
    {
        var response = context.NewResponse().Set("ErrorCode", (short)0);
        if (context.MustRefuseAsNotController)
        {
            return NotController(response);
        }

        var reassignments = context.Simulator.Admin.ListPartitionReassignmentsAsync().GetAwaiter().GetResult();
        var asked = context.Request.GetStructs("Topics");
        HashSet<TopicPartition>? filter = null;
        if (asked is not null)
        {
            filter = [];
            foreach (var topic in asked)
            {
                var name = topic.GetString("Name")!;
                if (!context.Snapshot.Topics.ContainsKey(name))
                {
                    return response.Set("ErrorCode", (short)KafkaErrorCode.UnknownTopicOrPartition).Set("ErrorMessage", $"Topic {name} not found.");
                }

                foreach (var index in topic.GetArray<int>("PartitionIndexes") ?? [])
                {
                    filter.Add(new TopicPartition(name, index));
                }
            }
        }

        foreach (var group in reassignments.Where(r => filter is null || filter.Contains(r.Partition)).GroupBy(r => r.Partition.Topic).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var t = response.Add("Topics").Set("Name", group.Key);
            foreach (var r in group.OrderBy(r => r.Partition.Partition))
            {
                t.Add("Partitions").Set("PartitionIndex", r.Partition.Partition)
                    .Set("Replicas", r.Replicas.ToArray()).Set("AddingReplicas", r.AddingReplicas.ToArray()).Set("RemovingReplicas", r.RemovingReplicas.ToArray());
            }
        }

        return response;
    }

    public static KafkaStruct Alter(RequestContext context)
    {
        var response = context.NewResponse().Set("ErrorCode", (short)0);
        var topics = context.Request.GetStructs("Topics") ?? [];
        if (context.MustRefuseAsNotController)
        {
            NotController(response);
            foreach (var topic in topics)
            {
                var t = response.Add("Responses").Set("Name", topic.GetString("Name"));
                foreach (var p in topic.GetStructs("Partitions") ?? [])
                {
                    t.Add("Partitions").Set("PartitionIndex", p.GetInt32("PartitionIndex")).Set("ErrorCode", (short)KafkaErrorCode.NotController);
                }
            }

            return response;
        }

        var targets = new Dictionary<TopicPartition, IReadOnlyList<int>?>();
        foreach (var topic in topics)
        {
            foreach (var p in topic.GetStructs("Partitions") ?? [])
            {
                targets[new TopicPartition(topic.GetString("Name")!, p.GetInt32("PartitionIndex"))] = p.GetArray<int>("Replicas");
            }
        }

        IReadOnlyDictionary<TopicPartition, KafkaApiException> errors;
        try
        {
            errors = context.Simulator.Admin.AlterPartitionReassignmentsAsync(targets).GetAwaiter().GetResult();
        }
        catch (KafkaApiException ex)
        {
            return response.Set("ErrorCode", ex.Error.Code).Set("ErrorMessage", ex.Message);
        }

        context.Front.Cache.Invalidate();
        foreach (var topic in topics)
        {
            var name = topic.GetString("Name")!;
            var t = response.Add("Responses").Set("Name", name);
            foreach (var p in topic.GetStructs("Partitions") ?? [])
            {
                var index = p.GetInt32("PartitionIndex");
                var result = t.Add("Partitions").Set("PartitionIndex", index).Set("ErrorCode", (short)0);
                if (errors.TryGetValue(new TopicPartition(name, index), out var error))
                {
                    result.Set("ErrorCode", error.Error.Code).Set("ErrorMessage", error.Message);
                }
            }
        }

        return response;
    }

    /// <summary>
    /// ElectLeaders: PREFERRED (0) through the simulator's preferred election; UNCLEAN (1) is answered as Kafka does
    /// when a leader exists (ELECTION_NOT_NEEDED) and otherwise ELIGIBLE_LEADERS_NOT_AVAILABLE, since the simulator
    /// never elects an out-of-sync leader. No partitions given: every partition, reporting only those elected or failed.
    /// </summary>
    public static KafkaStruct ElectLeaders(RequestContext context)
    {
        var response = context.NewResponse();
        var asked = context.Request.GetStructs("TopicPartitions");
        var partitions = asked?.SelectMany(t => (t.GetArray<int>("Partitions") ?? []).Select(p => new TopicPartition(t.GetString("Topic")!, p))).ToList();
        var type = context.Version >= 1 ? context.Request.GetInt8("ElectionType") : (sbyte)0;
        if (context.MustRefuseAsNotController)
        {
            return context.Version >= 1 ? response.Set("ErrorCode", (short)KafkaErrorCode.NotController) : AddResults(response, partitions ?? [], _ => ((short)KafkaErrorCode.NotController, null));
        }

        if (type == 1)
        {
            var state = context.Snapshot;
            return AddResults(response, partitions ?? [], tp => !state.Topics.TryGetValue(tp.Topic, out var topic) || topic.Partitions.All(x => x.Partition != tp.Partition)
                ? ((short)KafkaErrorCode.UnknownTopicOrPartition, null)
                : topic.Partitions.First(x => x.Partition == tp.Partition).IsOffline
                    ? ((short)KafkaErrorCode.EligibleLeadersNotAvailable, "The simulated cluster never elects an out-of-sync replica")
                    : ((short)KafkaErrorCode.ElectionNotNeeded, "Leader election not needed for topic partition."));
        }

        var before = context.Simulator.Snapshot();
        IReadOnlyDictionary<TopicPartition, KafkaError> errors;
        try
        {
            errors = context.Simulator.Admin.ElectPreferredLeadersAsync(partitions).GetAwaiter().GetResult();
        }
        catch (KafkaApiException ex)
        {
            return context.Version >= 1 ? response.Set("ErrorCode", ex.Error.Code) : AddResults(response, partitions ?? [], _ => (ex.Error.Code, ex.Message));
        }

        context.Front.Cache.Invalidate();
        var reported = partitions;
        if (reported is null)
        {
            var after = context.Simulator.Snapshot();
            var leaders = before.AllPartitions.ToDictionary(p => new TopicPartition(p.Topic.Name, p.Partition.Partition), p => p.Partition.Leader);
            reported = [.. after.AllPartitions
                .Where(p => errors.ContainsKey(new TopicPartition(p.Topic.Name, p.Partition.Partition)) || leaders[new TopicPartition(p.Topic.Name, p.Partition.Partition)] != p.Partition.Leader)
                .Select(p => new TopicPartition(p.Topic.Name, p.Partition.Partition))];
        }

        return AddResults(response, reported, tp => errors.TryGetValue(tp, out var e) ? (e.Code, Message(e)) : ((short)0, null));
    }

    private static string? Message(KafkaError error) => error.Code switch
    {
        84 => "Leader election not needed for topic partition.",
        80 => "Failed to elect leader for partition: the preferred leader is not alive or not in the ISR",
        3 => "The partition does not exist.",
        _ => null,
    };

    private static KafkaStruct AddResults(KafkaStruct response, IEnumerable<TopicPartition> partitions, Func<TopicPartition, (short Code, string? Message)> result)
    {
        foreach (var group in partitions.GroupBy(p => p.Topic))
        {
            var t = response.Add("ReplicaElectionResults").Set("Topic", group.Key);
            foreach (var tp in group)
            {
                var (code, message) = result(tp);
                t.Add("PartitionResult").Set("PartitionId", tp.Partition).Set("ErrorCode", code).Set("ErrorMessage", message);
            }
        }

        return response;
    }

    private static KafkaStruct NotController(KafkaStruct response) =>
        response.Set("ErrorCode", (short)KafkaErrorCode.NotController).Set("ErrorMessage", "This is not the correct controller for this cluster.");
}
