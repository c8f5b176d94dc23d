namespace KafkaUpgrade.Kafka.Protocol;

/// <summary>The Kafka API keys this library speaks (numbers as in Kafka's protocol guide).</summary>
public enum ApiKey : short
{
    /// <summary>ListOffsets (2).</summary>
    ListOffsets = 2,

    /// <summary>Metadata (3).</summary>
    Metadata = 3,

    /// <summary>OffsetFetch (9).</summary>
    OffsetFetch = 9,

    /// <summary>FindCoordinator (10).</summary>
    FindCoordinator = 10,

    /// <summary>DescribeGroups (15).</summary>
    DescribeGroups = 15,

    /// <summary>ListGroups (16).</summary>
    ListGroups = 16,

    /// <summary>SaslHandshake (17).</summary>
    SaslHandshake = 17,

    /// <summary>ApiVersions (18).</summary>
    ApiVersions = 18,

    /// <summary>DescribeConfigs (32).</summary>
    DescribeConfigs = 32,

    /// <summary>DescribeLogDirs (35).</summary>
    DescribeLogDirs = 35,

    /// <summary>SaslAuthenticate (36).</summary>
    SaslAuthenticate = 36,

    /// <summary>ElectLeaders (43).</summary>
    ElectLeaders = 43,

    /// <summary>IncrementalAlterConfigs (44).</summary>
    IncrementalAlterConfigs = 44,

    /// <summary>AlterPartitionReassignments (45).</summary>
    AlterPartitionReassignments = 45,

    /// <summary>ListPartitionReassignments (46).</summary>
    ListPartitionReassignments = 46,

    /// <summary>DescribeQuorum (55).</summary>
    DescribeQuorum = 55,

    /// <summary>UpdateFeatures (57).</summary>
    UpdateFeatures = 57,

    /// <summary>DescribeCluster (60).</summary>
    DescribeCluster = 60,

    /// <summary>UnregisterBroker (64).</summary>
    UnregisterBroker = 64,

    /// <summary>DescribeTopicPartitions (75).</summary>
    DescribeTopicPartitions = 75,

    /// <summary>AddRaftVoter (80).</summary>
    AddRaftVoter = 80,

    /// <summary>RemoveRaftVoter (81).</summary>
    RemoveRaftVoter = 81,
}
