using System.Collections.Frozen;
using KafkaUpgrade.Kafka.Protocol.Messages;
using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol;

/// <summary>
/// The registry of every API this library speaks: valid and flexible versions, header versions and schemas.
/// </summary>
public static class KafkaApis
{
    private static readonly FrozenDictionary<ApiKey, ApiDefinition> ByKey = new[]
    {
        ListOffsetsApi.Definition,
        MetadataApi.Definition,
        OffsetFetchApi.Definition,
        FindCoordinatorApi.Definition,
        DescribeGroupsApi.Definition,
        ListGroupsApi.Definition,
        SaslHandshakeApi.Definition,
        ApiVersionsApi.Definition,
        DescribeConfigsApi.Definition,
        DescribeLogDirsApi.Definition,
        SaslAuthenticateApi.Definition,
        ElectLeadersApi.Definition,
        IncrementalAlterConfigsApi.Definition,
        AlterPartitionReassignmentsApi.Definition,
        ListPartitionReassignmentsApi.Definition,
        DescribeQuorumApi.Definition,
        UpdateFeaturesApi.Definition,
        DescribeClusterApi.Definition,
        UnregisterBrokerApi.Definition,
        DescribeTopicPartitionsApi.Definition,
        AddRaftVoterApi.Definition,
        RemoveRaftVoterApi.Definition,
    }.ToFrozenDictionary(d => d.Key);

    /// <summary>Every API, by ascending key.</summary>
    public static IReadOnlyList<ApiDefinition> All { get; } = ByKey.Values.OrderBy(d => (short)d.Key).ToArray();

    /// <summary>The API for <paramref name="key"/>; throws <see cref="KafkaUnsupportedVersionException"/> for a key we do not speak.</summary>
    public static ApiDefinition Get(ApiKey key) =>
        ByKey.TryGetValue(key, out var d)
            ? d
            : throw new KafkaUnsupportedVersionException($"API key {(short)key} is not supported by this library");

    /// <summary>The API for a raw key, or false when we do not speak it.</summary>
    public static bool TryGet(short key, out ApiDefinition definition) =>
        ByKey.TryGetValue((ApiKey)key, out definition!);

    /// <summary>ApiVersions (18).</summary>
    public static ApiDefinition ApiVersions => ApiVersionsApi.Definition;

    /// <summary>Metadata (3).</summary>
    public static ApiDefinition Metadata => MetadataApi.Definition;
}
