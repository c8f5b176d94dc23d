using System.Globalization;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Protocol.Errors;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Schema;
using KafkaUpgrade.Simulation.Wire.Versions;

namespace KafkaUpgrade.Simulation.Wire.Handlers;

/// <summary>
/// DescribeConfigs (32) and IncrementalAlterConfigs (44) over the configuration the simulator models: a topic's
/// <c>min.insync.replicas</c> and throttled replicas, a broker's static identity and its replication throttle rates
/// (<c>leader</c>/<c>follower.replication.throttled.rate</c>, Kafka default Long.MAX_VALUE). Setting the throttle keys
/// sets the simulator's replication throttle, so an IncrementalAlterConfigs throttle slows simulated replication as
/// Kafka's would. Keys the simulation cannot change are refused with INVALID_CONFIG (nothing changes).
/// </summary>
internal static class ConfigHandlers
{
    private const sbyte Topic = 2;
    private const sbyte Broker = 4;
    private const string LeaderRate = "leader.replication.throttled.rate";
    private const string FollowerRate = "follower.replication.throttled.rate";
    private const string LeaderReplicas = "leader.replication.throttled.replicas";
    private const string FollowerReplicas = "follower.replication.throttled.replicas";

    // DescribeConfigsResponse.ConfigSource and ConfigType (org.apache.kafka.common.requests.DescribeConfigsResponse).
    private const sbyte TopicConfig = 1;
    private const sbyte DynamicBrokerConfig = 2;
    private const sbyte StaticBrokerConfig = 4;
    private const sbyte DefaultConfig = 5;
    private const sbyte TypeBoolean = 1;
    private const sbyte TypeString = 2;
    private const sbyte TypeInt = 3;
    private const sbyte TypeLong = 5;
    private const sbyte TypeList = 7;

    private sealed record Config(string Name, string? Value, sbyte Source, sbyte Type, bool ReadOnly);

    public static KafkaStruct Describe(RequestContext context)
    {
        var response = context.NewResponse();
        foreach (var resource in context.Request.GetStructs("Resources") ?? [])
        {
            var type = resource.GetInt8("ResourceType");
            var name = resource.GetString("ResourceName") ?? string.Empty;
            var result = response.Add("Results").Set("ErrorCode", (short)0).Set("ResourceType", type).Set("ResourceName", name).Set("Configs", new List<KafkaStruct>());
            var (configs, error, message) = type switch
            {
                Topic => TopicConfigs(context, name),
                Broker => BrokerConfigs(context, name),
                _ => (null, KafkaErrorCode.InvalidRequest, $"Unsupported resource type {type}"),
            };
            if (configs is null)
            {
                result.Set("ErrorCode", (short)error).Set("ErrorMessage", message);
                continue;
            }

            var keys = resource.GetArray<string>("ConfigurationKeys");
            foreach (var config in configs.Where(c => keys is null || keys.Contains(c.Name)))
            {
                var entry = result.Add("Configs").Set("Name", config.Name).Set("Value", config.Value).Set("ReadOnly", config.ReadOnly).Set("IsSensitive", false);
                if (context.Version == 0)
                {
                    entry.Set("IsDefault", config.Source == DefaultConfig);
                    continue;
                }

                entry.Set("ConfigSource", config.Source);
                if (context.Version >= 3)
                {
                    entry.Set("ConfigType", config.Type);
                }

                if (context.Request.GetBool("IncludeSynonyms"))
                {
                    entry.Add("Synonyms").Set("Name", config.Name).Set("Value", config.Value).Set("Source", config.Source);
                }
            }
        }

        return response;
    }

    public static KafkaStruct IncrementalAlter(RequestContext context)
    {
        var response = context.NewResponse();
        var validateOnly = context.Request.GetBool("ValidateOnly");
        foreach (var resource in context.Request.GetStructs("Resources") ?? [])
        {
            var type = resource.GetInt8("ResourceType");
            var name = resource.GetString("ResourceName") ?? string.Empty;
            var result = response.Add("Responses").Set("ErrorCode", (short)0).Set("ResourceType", type).Set("ResourceName", name);
            var (code, message) = ApiHandlers.Try(() => Alter(context, type, name, resource.GetStructs("Configs") ?? [], validateOnly));
            result.Set("ErrorCode", code).Set("ErrorMessage", message);
        }

        context.Front.Cache.Invalidate();
        return response;
    }

    private static (List<Config>? Configs, KafkaErrorCode Error, string? Message) TopicConfigs(RequestContext context, string name)
    {
        if (!context.Snapshot.Topics.TryGetValue(name, out var topic))
        {
            return (null, KafkaErrorCode.UnknownTopicOrPartition, $"Topic {name} does not exist");
        }

        var throttled = string.Join(',', context.Simulator.ThrottledReplicas(name).Select(e => $"{e.Partition}:{e.Broker}"));
        return (
        [
            new("cleanup.policy", "delete", DefaultConfig, TypeList, false),
            new(FollowerReplicas, throttled, throttled.Length > 0 ? TopicConfig : DefaultConfig, TypeList, false),
            new(LeaderReplicas, throttled, throttled.Length > 0 ? TopicConfig : DefaultConfig, TypeList, false),
            new("min.insync.replicas", topic.MinInsyncReplicas.ToString(CultureInfo.InvariantCulture), topic.MinInsyncReplicas == 1 ? DefaultConfig : TopicConfig, TypeInt, false),
            new("retention.ms", "604800000", DefaultConfig, TypeLong, false),
        ], KafkaErrorCode.None, null);
    }

    private static (List<Config>? Configs, KafkaErrorCode Error, string? Message) BrokerConfigs(RequestContext context, string name)
    {
        if (name.Length > 0 && name != context.NodeId.ToString(CultureInfo.InvariantCulture))
        {
            return (null, KafkaErrorCode.InvalidRequest, $"Unexpected broker id, expected {context.NodeId} or empty string, but received {name}");
        }

        // The entity default (empty name) is not modelled separately: a default-entity write is applied to every broker.
        var rate = name.Length > 0 ? context.Simulator.ThrottleRate(context.NodeId)?.ToString(CultureInfo.InvariantCulture) : null;
        var configs = new List<Config>
        {
            new(FollowerRate, rate ?? long.MaxValue.ToString(CultureInfo.InvariantCulture), rate is null ? DefaultConfig : DynamicBrokerConfig, TypeLong, false),
            new(LeaderRate, rate ?? long.MaxValue.ToString(CultureInfo.InvariantCulture), rate is null ? DefaultConfig : DynamicBrokerConfig, TypeLong, false),
            new("min.insync.replicas", "1", DefaultConfig, TypeInt, false),
        };
        if (name.Length == 0 || !context.Snapshot.Nodes.TryGetValue(context.NodeId, out var node))
        {
            return (configs, KafkaErrorCode.None, null);
        }

        var config = node.Info.Config;
        var id = context.NodeId.ToString(CultureInfo.InvariantCulture);
        configs.Add(new(config.IsZooKeeperBroker ? "broker.id" : "node.id", id, StaticBrokerConfig, TypeInt, true));
        configs.Add(new("broker.rack", config.Rack, config.Rack is null ? DefaultConfig : StaticBrokerConfig, TypeString, true));
        if (config.IsZooKeeperBroker)
        {
            var ibp = config.InterBrokerProtocolVersion ?? context.State.Features.InterBrokerProtocolVersion;
            configs.Add(new("inter.broker.protocol.version", ibp, config.InterBrokerProtocolVersion is null ? DefaultConfig : StaticBrokerConfig, TypeString, true));
        }
        else
        {
            var roles = config.Roles switch
            {
                NodeRoles.Combined => "broker,controller",
                NodeRoles.Controller => "controller",
                _ => "broker",
            };
            configs.Add(new("process.roles", roles, StaticBrokerConfig, TypeList, true));
        }

        configs.Add(new("zookeeper.metadata.migration.enable", config.ZooKeeperMigrationEnabled ? "true" : "false", config.ZooKeeperMigrationEnabled ? StaticBrokerConfig : DefaultConfig, TypeBoolean, true));
        return ([.. configs.OrderBy(c => c.Name, StringComparer.Ordinal)], KafkaErrorCode.None, null);
    }

    private static void Alter(RequestContext context, sbyte type, string name, List<KafkaStruct> configs, bool validateOnly)
    {
        if (context.Listener == ListenerKind.Controller && !context.IsActiveController)
        {
            throw new KafkaApiException(KafkaError.NotController, "This is not the correct controller for this cluster.");
        }

        TopicState? topic = null;
        if (type == Topic && !context.Snapshot.Topics.TryGetValue(name, out topic))
        {
            throw new KafkaApiException(KafkaError.UnknownTopicOrPartition, $"Topic {name} does not exist");
        }

        var targets = new List<int>();
        if (type == Broker)
        {
            if (name.Length == 0)
            {
                targets.AddRange(context.State.Brokers.Select(b => b.Id));
            }
            else if (int.TryParse(name, CultureInfo.InvariantCulture, out var id) && context.State.FindNode(id) is not null)
            {
                targets.Add(id);
            }
            else
            {
                throw new KafkaApiException(KafkaError.InvalidRequest, $"Invalid broker id {name}");
            }
        }
        else if (type != Topic)
        {
            throw new KafkaApiException(KafkaError.InvalidRequest, $"Unsupported resource type {type}");
        }

        // Validate every key first and apply only then: IncrementalAlterConfigs of one resource is all or nothing.
        // Kafka keeps these as separate configs (a rate per broker, a replicas list per topic), so each change touches
        // only its own resource and the others stay as they were.
        var changes = new List<Action>();
        foreach (var config in configs)
        {
            var key = config.GetString("Name")!;
            var op = config.GetInt8("ConfigOperation");
            var value = config.GetString("Value");
            if (op is not (0 or 1))
            {
                throw new KafkaApiException(KafkaError.InvalidConfig, $"Config value append/subtract is not supported for {key} in the simulated cluster");
            }

            switch (type, key)
            {
                case (Broker, LeaderRate or FollowerRate):
                    long? rate = null;
                    if (op == 0)
                    {
                        if (!long.TryParse(value, CultureInfo.InvariantCulture, out var parsed) || parsed < 0)
                        {
                            throw new KafkaApiException(KafkaError.InvalidConfig, $"Invalid value {value} for configuration {key}: Not a number of type LONG at least 0");
                        }

                        rate = parsed;
                    }

                    changes.AddRange(targets.Select(broker => (Action)(() => context.Simulator.SetThrottleRate(broker, rate))));
                    break;
                case (Topic, LeaderReplicas or FollowerReplicas):
                    IReadOnlyList<(int Partition, int Broker)>? replicas = op == 1 || string.IsNullOrEmpty(value)
                        ? null
                        : value.Trim() == "*"
                            ? [.. topic!.Partitions.SelectMany(p => p.Replicas.Select(r => (p.Partition, r)))]
                            : [.. ParseReplicaList(name, key, value, topic!)];
                    changes.Add(() => context.Simulator.SetThrottledReplicas(name, replicas));
                    break;
                default:
                    throw new KafkaApiException(KafkaError.InvalidConfig, $"The simulated cluster cannot change {key} on a {(type == Topic ? "topic" : "broker")}");
            }
        }

        if (validateOnly)
        {
            return;
        }

        foreach (var change in changes)
        {
            change();
        }
    }

    private static IEnumerable<(int Partition, int Broker)> ParseReplicaList(string topic, string key, string value, TopicState state)
    {
        foreach (var item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !int.TryParse(item[..colon], CultureInfo.InvariantCulture, out var partition) || !int.TryParse(item[(colon + 1)..], CultureInfo.InvariantCulture, out var broker))
            {
                throw new KafkaApiException(KafkaError.InvalidConfig, $"Invalid value {value} for configuration {key}: must be [partitionId]:[brokerId],... or *");
            }

            if (state.Partitions.All(p => p.Partition != partition))
            {
                throw new KafkaApiException(KafkaError.InvalidConfig, $"Invalid value {value} for configuration {key}: partition {partition} of {topic} does not exist");
            }

            yield return (partition, broker);
        }
    }
}
