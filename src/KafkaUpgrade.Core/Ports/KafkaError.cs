namespace KafkaUpgrade.Core.Ports;

/// <summary>
/// A Kafka protocol error, with Kafka's own name and code (org.apache.kafka.common.protocol.Errors), so a refusal
/// from the simulator reads exactly as one from a real cluster.
/// </summary>
/// <param name="Code">Kafka's error code.</param>
/// <param name="Name">Kafka's error name, e.g. <c>INVALID_REPLICA_ASSIGNMENT</c>.</param>
public readonly record struct KafkaError(short Code, string Name)
{
    /// <summary>6: the request went to a node that does not lead the partition or quorum.</summary>
    public static readonly KafkaError NotLeaderOrFollower = new(6, "NOT_LEADER_OR_FOLLOWER");

    /// <summary>3: the topic or partition does not exist.</summary>
    public static readonly KafkaError UnknownTopicOrPartition = new(3, "UNKNOWN_TOPIC_OR_PARTITION");

    /// <summary>7: the request timed out; KIP-853 also answers a lagging voter or a pending change with it.</summary>
    public static readonly KafkaError RequestTimedOut = new(7, "REQUEST_TIMED_OUT");

    /// <summary>8: the broker is not available.</summary>
    public static readonly KafkaError BrokerNotAvailable = new(8, "BROKER_NOT_AVAILABLE");

    /// <summary>19: fewer in-sync replicas than <c>min.insync.replicas</c>; the write was not appended.</summary>
    public static readonly KafkaError NotEnoughReplicas = new(19, "NOT_ENOUGH_REPLICAS");

    /// <summary>35: the feature level or API version is not supported.</summary>
    public static readonly KafkaError UnsupportedVersion = new(35, "UNSUPPORTED_VERSION");

    /// <summary>36: a topic with this name already exists (CreateTopics).</summary>
    public static readonly KafkaError TopicAlreadyExists = new(36, "TOPIC_ALREADY_EXISTS");

    /// <summary>39: a replica assignment is invalid (empty, duplicate ids, dead or unregistered broker, ...).</summary>
    public static readonly KafkaError InvalidReplicaAssignment = new(39, "INVALID_REPLICA_ASSIGNMENT");

    /// <summary>40: a configuration value is invalid (IncrementalAlterConfigs).</summary>
    public static readonly KafkaError InvalidConfig = new(40, "INVALID_CONFIG");

    /// <summary>41: the request must go to the controller.</summary>
    public static readonly KafkaError NotController = new(41, "NOT_CONTROLLER");

    /// <summary>42: the request is malformed.</summary>
    public static readonly KafkaError InvalidRequest = new(42, "INVALID_REQUEST");

    /// <summary>80: the preferred leader is not available.</summary>
    public static readonly KafkaError PreferredLeaderNotAvailable = new(80, "PREFERRED_LEADER_NOT_AVAILABLE");

    /// <summary>84: the preferred replica already leads.</summary>
    public static readonly KafkaError ElectionNotNeeded = new(84, "ELECTION_NOT_NEEDED");

    /// <summary>85: cancel of a reassignment that is not in progress.</summary>
    public static readonly KafkaError NoReassignmentInProgress = new(85, "NO_REASSIGNMENT_IN_PROGRESS");

    /// <summary>95: the feature update is invalid.</summary>
    public static readonly KafkaError InvalidUpdateVersion = new(95, "INVALID_UPDATE_VERSION");

    /// <summary>96: the feature update failed (ZooKeeper mode).</summary>
    public static readonly KafkaError FeatureUpdateFailed = new(96, "FEATURE_UPDATE_FAILED");

    /// <summary>102: the broker id is not registered.</summary>
    public static readonly KafkaError BrokerIdNotRegistered = new(102, "BROKER_ID_NOT_REGISTERED");

    /// <summary>126: the node is already a voter.</summary>
    public static readonly KafkaError DuplicateVoter = new(126, "DUPLICATE_VOTER");

    /// <summary>127: no voter with this id and directory id, or it is the last voter.</summary>
    public static readonly KafkaError VoterNotFound = new(127, "VOTER_NOT_FOUND");

    /// <summary><c>NAME (code)</c>.</summary>
    public override string ToString() => $"{Name} ({Code})";
}
