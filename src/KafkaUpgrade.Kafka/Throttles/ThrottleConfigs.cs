namespace KafkaUpgrade.Kafka.Throttles;

/// <summary>
/// Kafka's replication-throttle configuration keys (<c>org.apache.kafka.server.config.QuotaConfig</c>; Kafka
/// documentation, "Limiting Bandwidth Usage during Data Migration").
/// </summary>
public static class ThrottleConfigs
{
    /// <summary>Broker, dynamic only: bytes/s a leader serves to throttled followers.</summary>
    public const string LeaderRate = "leader.replication.throttled.rate";

    /// <summary>Broker, dynamic only: bytes/s a follower fetches for throttled replicas.</summary>
    public const string FollowerRate = "follower.replication.throttled.rate";

    /// <summary>Broker: the log-dir move throttle, which <c>kafka-reassign-partitions --verify</c> also clears.</summary>
    public const string LogDirRate = "replica.alter.log.dirs.io.max.bytes.per.second";

    /// <summary>Topic: <c>partition:broker,...</c> (or <c>*</c>) throttled on the leader side.</summary>
    public const string LeaderReplicas = "leader.replication.throttled.replicas";

    /// <summary>Topic: <c>partition:broker,...</c> (or <c>*</c>) throttled on the follower side.</summary>
    public const string FollowerReplicas = "follower.replication.throttled.replicas";

    /// <summary>The broker keys <c>--verify</c> and <c>--cancel</c> delete.</summary>
    public static IReadOnlyList<string> BrokerKeys { get; } = [LeaderRate, FollowerRate, LogDirRate];

    /// <summary>The topic keys <c>--verify</c> and <c>--cancel</c> delete.</summary>
    public static IReadOnlyList<string> TopicKeys { get; } = [LeaderReplicas, FollowerReplicas];
}
