using System.Collections.Frozen;

namespace KafkaUpgrade.Kafka.Protocol.Errors;

/// <summary>
/// Kafka's error codes, numbered and named as org.apache.kafka.common.protocol.Errors (apache/kafka trunk,
/// 2024-10). A code missing here reads as <see cref="KafkaErrors.Describe"/>'s UNKNOWN_SERVER_ERROR fallback.
/// </summary>
#pragma warning disable CA1028 // Kafka's wire type for error codes is int16.
public enum KafkaErrorCode : short
#pragma warning restore CA1028
{
    /// <summary>-1: UNKNOWN_SERVER_ERROR.</summary>
    UnknownServerError = -1,

    /// <summary>0: NONE.</summary>
    None = 0,

    /// <summary>1: OFFSET_OUT_OF_RANGE.</summary>
    OffsetOutOfRange = 1,

    /// <summary>2: CORRUPT_MESSAGE (retriable).</summary>
    CorruptMessage = 2,

    /// <summary>3: UNKNOWN_TOPIC_OR_PARTITION (retriable).</summary>
    UnknownTopicOrPartition = 3,

    /// <summary>4: INVALID_FETCH_SIZE.</summary>
    InvalidFetchSize = 4,

    /// <summary>5: LEADER_NOT_AVAILABLE (retriable).</summary>
    LeaderNotAvailable = 5,

    /// <summary>6: NOT_LEADER_OR_FOLLOWER (retriable).</summary>
    NotLeaderOrFollower = 6,

    /// <summary>7: REQUEST_TIMED_OUT (retriable).</summary>
    RequestTimedOut = 7,

    /// <summary>8: BROKER_NOT_AVAILABLE.</summary>
    BrokerNotAvailable = 8,

    /// <summary>9: REPLICA_NOT_AVAILABLE (retriable).</summary>
    ReplicaNotAvailable = 9,

    /// <summary>10: MESSAGE_TOO_LARGE.</summary>
    MessageTooLarge = 10,

    /// <summary>11: STALE_CONTROLLER_EPOCH.</summary>
    StaleControllerEpoch = 11,

    /// <summary>12: OFFSET_METADATA_TOO_LARGE.</summary>
    OffsetMetadataTooLarge = 12,

    /// <summary>13: NETWORK_EXCEPTION (retriable).</summary>
    NetworkException = 13,

    /// <summary>14: COORDINATOR_LOAD_IN_PROGRESS (retriable).</summary>
    CoordinatorLoadInProgress = 14,

    /// <summary>15: COORDINATOR_NOT_AVAILABLE (retriable).</summary>
    CoordinatorNotAvailable = 15,

    /// <summary>16: NOT_COORDINATOR (retriable).</summary>
    NotCoordinator = 16,

    /// <summary>17: INVALID_TOPIC_EXCEPTION.</summary>
    InvalidTopicException = 17,

    /// <summary>18: RECORD_LIST_TOO_LARGE.</summary>
    RecordListTooLarge = 18,

    /// <summary>19: NOT_ENOUGH_REPLICAS (retriable).</summary>
    NotEnoughReplicas = 19,

    /// <summary>20: NOT_ENOUGH_REPLICAS_AFTER_APPEND (retriable).</summary>
    NotEnoughReplicasAfterAppend = 20,

    /// <summary>21: INVALID_REQUIRED_ACKS.</summary>
    InvalidRequiredAcks = 21,

    /// <summary>22: ILLEGAL_GENERATION.</summary>
    IllegalGeneration = 22,

    /// <summary>23: INCONSISTENT_GROUP_PROTOCOL.</summary>
    InconsistentGroupProtocol = 23,

    /// <summary>24: INVALID_GROUP_ID.</summary>
    InvalidGroupId = 24,

    /// <summary>25: UNKNOWN_MEMBER_ID.</summary>
    UnknownMemberId = 25,

    /// <summary>26: INVALID_SESSION_TIMEOUT.</summary>
    InvalidSessionTimeout = 26,

    /// <summary>27: REBALANCE_IN_PROGRESS.</summary>
    RebalanceInProgress = 27,

    /// <summary>28: INVALID_COMMIT_OFFSET_SIZE.</summary>
    InvalidCommitOffsetSize = 28,

    /// <summary>29: TOPIC_AUTHORIZATION_FAILED.</summary>
    TopicAuthorizationFailed = 29,

    /// <summary>30: GROUP_AUTHORIZATION_FAILED.</summary>
    GroupAuthorizationFailed = 30,

    /// <summary>31: CLUSTER_AUTHORIZATION_FAILED.</summary>
    ClusterAuthorizationFailed = 31,

    /// <summary>32: INVALID_TIMESTAMP.</summary>
    InvalidTimestamp = 32,

    /// <summary>33: UNSUPPORTED_SASL_MECHANISM.</summary>
    UnsupportedSaslMechanism = 33,

    /// <summary>34: ILLEGAL_SASL_STATE.</summary>
    IllegalSaslState = 34,

    /// <summary>35: UNSUPPORTED_VERSION.</summary>
    UnsupportedVersion = 35,

    /// <summary>36: TOPIC_ALREADY_EXISTS.</summary>
    TopicAlreadyExists = 36,

    /// <summary>37: INVALID_PARTITIONS.</summary>
    InvalidPartitions = 37,

    /// <summary>38: INVALID_REPLICATION_FACTOR.</summary>
    InvalidReplicationFactor = 38,

    /// <summary>39: INVALID_REPLICA_ASSIGNMENT.</summary>
    InvalidReplicaAssignment = 39,

    /// <summary>40: INVALID_CONFIG.</summary>
    InvalidConfig = 40,

    /// <summary>41: NOT_CONTROLLER (retriable).</summary>
    NotController = 41,

    /// <summary>42: INVALID_REQUEST.</summary>
    InvalidRequest = 42,

    /// <summary>43: UNSUPPORTED_FOR_MESSAGE_FORMAT.</summary>
    UnsupportedForMessageFormat = 43,

    /// <summary>44: POLICY_VIOLATION.</summary>
    PolicyViolation = 44,

    /// <summary>45: OUT_OF_ORDER_SEQUENCE_NUMBER.</summary>
    OutOfOrderSequenceNumber = 45,

    /// <summary>46: DUPLICATE_SEQUENCE_NUMBER.</summary>
    DuplicateSequenceNumber = 46,

    /// <summary>47: INVALID_PRODUCER_EPOCH.</summary>
    InvalidProducerEpoch = 47,

    /// <summary>48: INVALID_TXN_STATE.</summary>
    InvalidTxnState = 48,

    /// <summary>49: INVALID_PRODUCER_ID_MAPPING.</summary>
    InvalidProducerIdMapping = 49,

    /// <summary>50: INVALID_TRANSACTION_TIMEOUT.</summary>
    InvalidTransactionTimeout = 50,

    /// <summary>51: CONCURRENT_TRANSACTIONS (retriable).</summary>
    ConcurrentTransactions = 51,

    /// <summary>52: TRANSACTION_COORDINATOR_FENCED.</summary>
    TransactionCoordinatorFenced = 52,

    /// <summary>53: TRANSACTIONAL_ID_AUTHORIZATION_FAILED.</summary>
    TransactionalIdAuthorizationFailed = 53,

    /// <summary>54: SECURITY_DISABLED.</summary>
    SecurityDisabled = 54,

    /// <summary>55: OPERATION_NOT_ATTEMPTED.</summary>
    OperationNotAttempted = 55,

    /// <summary>56: KAFKA_STORAGE_ERROR (retriable).</summary>
    KafkaStorageError = 56,

    /// <summary>57: LOG_DIR_NOT_FOUND.</summary>
    LogDirNotFound = 57,

    /// <summary>58: SASL_AUTHENTICATION_FAILED.</summary>
    SaslAuthenticationFailed = 58,

    /// <summary>59: UNKNOWN_PRODUCER_ID.</summary>
    UnknownProducerId = 59,

    /// <summary>60: REASSIGNMENT_IN_PROGRESS.</summary>
    ReassignmentInProgress = 60,

    /// <summary>61: DELEGATION_TOKEN_AUTH_DISABLED.</summary>
    DelegationTokenAuthDisabled = 61,

    /// <summary>62: DELEGATION_TOKEN_NOT_FOUND.</summary>
    DelegationTokenNotFound = 62,

    /// <summary>63: DELEGATION_TOKEN_OWNER_MISMATCH.</summary>
    DelegationTokenOwnerMismatch = 63,

    /// <summary>64: DELEGATION_TOKEN_REQUEST_NOT_ALLOWED.</summary>
    DelegationTokenRequestNotAllowed = 64,

    /// <summary>65: DELEGATION_TOKEN_AUTHORIZATION_FAILED.</summary>
    DelegationTokenAuthorizationFailed = 65,

    /// <summary>66: DELEGATION_TOKEN_EXPIRED.</summary>
    DelegationTokenExpired = 66,

    /// <summary>67: INVALID_PRINCIPAL_TYPE.</summary>
    InvalidPrincipalType = 67,

    /// <summary>68: NON_EMPTY_GROUP.</summary>
    NonEmptyGroup = 68,

    /// <summary>69: GROUP_ID_NOT_FOUND.</summary>
    GroupIdNotFound = 69,

    /// <summary>70: FETCH_SESSION_ID_NOT_FOUND (retriable).</summary>
    FetchSessionIdNotFound = 70,

    /// <summary>71: INVALID_FETCH_SESSION_EPOCH (retriable).</summary>
    InvalidFetchSessionEpoch = 71,

    /// <summary>72: LISTENER_NOT_FOUND (retriable).</summary>
    ListenerNotFound = 72,

    /// <summary>73: TOPIC_DELETION_DISABLED.</summary>
    TopicDeletionDisabled = 73,

    /// <summary>74: FENCED_LEADER_EPOCH (retriable).</summary>
    FencedLeaderEpoch = 74,

    /// <summary>75: UNKNOWN_LEADER_EPOCH (retriable).</summary>
    UnknownLeaderEpoch = 75,

    /// <summary>76: UNSUPPORTED_COMPRESSION_TYPE.</summary>
    UnsupportedCompressionType = 76,

    /// <summary>77: STALE_BROKER_EPOCH.</summary>
    StaleBrokerEpoch = 77,

    /// <summary>78: OFFSET_NOT_AVAILABLE (retriable).</summary>
    OffsetNotAvailable = 78,

    /// <summary>79: MEMBER_ID_REQUIRED.</summary>
    MemberIdRequired = 79,

    /// <summary>80: PREFERRED_LEADER_NOT_AVAILABLE (retriable).</summary>
    PreferredLeaderNotAvailable = 80,

    /// <summary>81: GROUP_MAX_SIZE_REACHED.</summary>
    GroupMaxSizeReached = 81,

    /// <summary>82: FENCED_INSTANCE_ID.</summary>
    FencedInstanceId = 82,

    /// <summary>83: ELIGIBLE_LEADERS_NOT_AVAILABLE (retriable).</summary>
    EligibleLeadersNotAvailable = 83,

    /// <summary>84: ELECTION_NOT_NEEDED (retriable).</summary>
    ElectionNotNeeded = 84,

    /// <summary>85: NO_REASSIGNMENT_IN_PROGRESS.</summary>
    NoReassignmentInProgress = 85,

    /// <summary>86: GROUP_SUBSCRIBED_TO_TOPIC.</summary>
    GroupSubscribedToTopic = 86,

    /// <summary>87: INVALID_RECORD.</summary>
    InvalidRecord = 87,

    /// <summary>88: UNSTABLE_OFFSET_COMMIT (retriable).</summary>
    UnstableOffsetCommit = 88,

    /// <summary>89: THROTTLING_QUOTA_EXCEEDED (retriable).</summary>
    ThrottlingQuotaExceeded = 89,

    /// <summary>90: PRODUCER_FENCED.</summary>
    ProducerFenced = 90,

    /// <summary>91: RESOURCE_NOT_FOUND.</summary>
    ResourceNotFound = 91,

    /// <summary>92: DUPLICATE_RESOURCE.</summary>
    DuplicateResource = 92,

    /// <summary>93: UNACCEPTABLE_CREDENTIAL.</summary>
    UnacceptableCredential = 93,

    /// <summary>94: INCONSISTENT_VOTER_SET.</summary>
    InconsistentVoterSet = 94,

    /// <summary>95: INVALID_UPDATE_VERSION.</summary>
    InvalidUpdateVersion = 95,

    /// <summary>96: FEATURE_UPDATE_FAILED.</summary>
    FeatureUpdateFailed = 96,

    /// <summary>97: PRINCIPAL_DESERIALIZATION_FAILURE.</summary>
    PrincipalDeserializationFailure = 97,

    /// <summary>98: SNAPSHOT_NOT_FOUND.</summary>
    SnapshotNotFound = 98,

    /// <summary>99: POSITION_OUT_OF_RANGE.</summary>
    PositionOutOfRange = 99,

    /// <summary>100: UNKNOWN_TOPIC_ID (retriable).</summary>
    UnknownTopicId = 100,

    /// <summary>101: DUPLICATE_BROKER_REGISTRATION.</summary>
    DuplicateBrokerRegistration = 101,

    /// <summary>102: BROKER_ID_NOT_REGISTERED.</summary>
    BrokerIdNotRegistered = 102,

    /// <summary>103: INCONSISTENT_TOPIC_ID (retriable).</summary>
    InconsistentTopicId = 103,

    /// <summary>104: INCONSISTENT_CLUSTER_ID.</summary>
    InconsistentClusterId = 104,

    /// <summary>105: TRANSACTIONAL_ID_NOT_FOUND.</summary>
    TransactionalIdNotFound = 105,

    /// <summary>106: FETCH_SESSION_TOPIC_ID_ERROR (retriable).</summary>
    FetchSessionTopicIdError = 106,

    /// <summary>107: INELIGIBLE_REPLICA.</summary>
    IneligibleReplica = 107,

    /// <summary>108: NEW_LEADER_ELECTED.</summary>
    NewLeaderElected = 108,

    /// <summary>109: OFFSET_MOVED_TO_TIERED_STORAGE.</summary>
    OffsetMovedToTieredStorage = 109,

    /// <summary>110: FENCED_MEMBER_EPOCH.</summary>
    FencedMemberEpoch = 110,

    /// <summary>111: UNRELEASED_INSTANCE_ID.</summary>
    UnreleasedInstanceId = 111,

    /// <summary>112: UNSUPPORTED_ASSIGNOR.</summary>
    UnsupportedAssignor = 112,

    /// <summary>113: STALE_MEMBER_EPOCH.</summary>
    StaleMemberEpoch = 113,

    /// <summary>114: MISMATCHED_ENDPOINT_TYPE.</summary>
    MismatchedEndpointType = 114,

    /// <summary>115: UNSUPPORTED_ENDPOINT_TYPE.</summary>
    UnsupportedEndpointType = 115,

    /// <summary>116: UNKNOWN_CONTROLLER_ID.</summary>
    UnknownControllerId = 116,

    /// <summary>117: UNKNOWN_SUBSCRIPTION_ID.</summary>
    UnknownSubscriptionId = 117,

    /// <summary>118: TELEMETRY_TOO_LARGE.</summary>
    TelemetryTooLarge = 118,

    /// <summary>119: INVALID_REGISTRATION.</summary>
    InvalidRegistration = 119,

    /// <summary>120: TRANSACTION_ABORTABLE.</summary>
    TransactionAbortable = 120,

    /// <summary>121: INVALID_RECORD_STATE.</summary>
    InvalidRecordState = 121,

    /// <summary>122: SHARE_SESSION_NOT_FOUND (retriable).</summary>
    ShareSessionNotFound = 122,

    /// <summary>123: INVALID_SHARE_SESSION_EPOCH (retriable).</summary>
    InvalidShareSessionEpoch = 123,

    /// <summary>124: FENCED_STATE_EPOCH.</summary>
    FencedStateEpoch = 124,

    /// <summary>125: INVALID_VOTER_KEY.</summary>
    InvalidVoterKey = 125,

    /// <summary>126: DUPLICATE_VOTER.</summary>
    DuplicateVoter = 126,

    /// <summary>127: VOTER_NOT_FOUND.</summary>
    VoterNotFound = 127,

    /// <summary>128: INVALID_REGULAR_EXPRESSION.</summary>
    InvalidRegularExpression = 128,
}

/// <summary>One Kafka error: code, Kafka's name, and whether Kafka's client treats it as retriable.</summary>
/// <param name="Code">The code.</param>
/// <param name="Name">Kafka's name, e.g. NOT_CONTROLLER.</param>
/// <param name="Retriable">True when Kafka's exception for it extends RetriableException (directly or through
/// InvalidMetadataException), so a client retries the call.</param>
public sealed record KafkaErrorInfo(KafkaErrorCode Code, string Name, bool Retriable);

/// <summary>Kafka's error table: names and retriability by code.</summary>
public static class KafkaErrors
{
    private static readonly KafkaErrorInfo[] Table =
    [
        new(KafkaErrorCode.UnknownServerError, "UNKNOWN_SERVER_ERROR", false),
        new(KafkaErrorCode.None, "NONE", false),
        new(KafkaErrorCode.OffsetOutOfRange, "OFFSET_OUT_OF_RANGE", false),
        new(KafkaErrorCode.CorruptMessage, "CORRUPT_MESSAGE", true),
        new(KafkaErrorCode.UnknownTopicOrPartition, "UNKNOWN_TOPIC_OR_PARTITION", true),
        new(KafkaErrorCode.InvalidFetchSize, "INVALID_FETCH_SIZE", false),
        new(KafkaErrorCode.LeaderNotAvailable, "LEADER_NOT_AVAILABLE", true),
        new(KafkaErrorCode.NotLeaderOrFollower, "NOT_LEADER_OR_FOLLOWER", true),
        new(KafkaErrorCode.RequestTimedOut, "REQUEST_TIMED_OUT", true),
        new(KafkaErrorCode.BrokerNotAvailable, "BROKER_NOT_AVAILABLE", false),
        new(KafkaErrorCode.ReplicaNotAvailable, "REPLICA_NOT_AVAILABLE", true),
        new(KafkaErrorCode.MessageTooLarge, "MESSAGE_TOO_LARGE", false),
        new(KafkaErrorCode.StaleControllerEpoch, "STALE_CONTROLLER_EPOCH", false),
        new(KafkaErrorCode.OffsetMetadataTooLarge, "OFFSET_METADATA_TOO_LARGE", false),
        new(KafkaErrorCode.NetworkException, "NETWORK_EXCEPTION", true),
        new(KafkaErrorCode.CoordinatorLoadInProgress, "COORDINATOR_LOAD_IN_PROGRESS", true),
        new(KafkaErrorCode.CoordinatorNotAvailable, "COORDINATOR_NOT_AVAILABLE", true),
        new(KafkaErrorCode.NotCoordinator, "NOT_COORDINATOR", true),
        new(KafkaErrorCode.InvalidTopicException, "INVALID_TOPIC_EXCEPTION", false),
        new(KafkaErrorCode.RecordListTooLarge, "RECORD_LIST_TOO_LARGE", false),
        new(KafkaErrorCode.NotEnoughReplicas, "NOT_ENOUGH_REPLICAS", true),
        new(KafkaErrorCode.NotEnoughReplicasAfterAppend, "NOT_ENOUGH_REPLICAS_AFTER_APPEND", true),
        new(KafkaErrorCode.InvalidRequiredAcks, "INVALID_REQUIRED_ACKS", false),
        new(KafkaErrorCode.IllegalGeneration, "ILLEGAL_GENERATION", false),
        new(KafkaErrorCode.InconsistentGroupProtocol, "INCONSISTENT_GROUP_PROTOCOL", false),
        new(KafkaErrorCode.InvalidGroupId, "INVALID_GROUP_ID", false),
        new(KafkaErrorCode.UnknownMemberId, "UNKNOWN_MEMBER_ID", false),
        new(KafkaErrorCode.InvalidSessionTimeout, "INVALID_SESSION_TIMEOUT", false),
        new(KafkaErrorCode.RebalanceInProgress, "REBALANCE_IN_PROGRESS", false),
        new(KafkaErrorCode.InvalidCommitOffsetSize, "INVALID_COMMIT_OFFSET_SIZE", false),
        new(KafkaErrorCode.TopicAuthorizationFailed, "TOPIC_AUTHORIZATION_FAILED", false),
        new(KafkaErrorCode.GroupAuthorizationFailed, "GROUP_AUTHORIZATION_FAILED", false),
        new(KafkaErrorCode.ClusterAuthorizationFailed, "CLUSTER_AUTHORIZATION_FAILED", false),
        new(KafkaErrorCode.InvalidTimestamp, "INVALID_TIMESTAMP", false),
        new(KafkaErrorCode.UnsupportedSaslMechanism, "UNSUPPORTED_SASL_MECHANISM", false),
        new(KafkaErrorCode.IllegalSaslState, "ILLEGAL_SASL_STATE", false),
        new(KafkaErrorCode.UnsupportedVersion, "UNSUPPORTED_VERSION", false),
        new(KafkaErrorCode.TopicAlreadyExists, "TOPIC_ALREADY_EXISTS", false),
        new(KafkaErrorCode.InvalidPartitions, "INVALID_PARTITIONS", false),
        new(KafkaErrorCode.InvalidReplicationFactor, "INVALID_REPLICATION_FACTOR", false),
        new(KafkaErrorCode.InvalidReplicaAssignment, "INVALID_REPLICA_ASSIGNMENT", false),
        new(KafkaErrorCode.InvalidConfig, "INVALID_CONFIG", false),
        new(KafkaErrorCode.NotController, "NOT_CONTROLLER", true),
        new(KafkaErrorCode.InvalidRequest, "INVALID_REQUEST", false),
        new(KafkaErrorCode.UnsupportedForMessageFormat, "UNSUPPORTED_FOR_MESSAGE_FORMAT", false),
        new(KafkaErrorCode.PolicyViolation, "POLICY_VIOLATION", false),
        new(KafkaErrorCode.OutOfOrderSequenceNumber, "OUT_OF_ORDER_SEQUENCE_NUMBER", false),
        new(KafkaErrorCode.DuplicateSequenceNumber, "DUPLICATE_SEQUENCE_NUMBER", false),
        new(KafkaErrorCode.InvalidProducerEpoch, "INVALID_PRODUCER_EPOCH", false),
        new(KafkaErrorCode.InvalidTxnState, "INVALID_TXN_STATE", false),
        new(KafkaErrorCode.InvalidProducerIdMapping, "INVALID_PRODUCER_ID_MAPPING", false),
        new(KafkaErrorCode.InvalidTransactionTimeout, "INVALID_TRANSACTION_TIMEOUT", false),
        new(KafkaErrorCode.ConcurrentTransactions, "CONCURRENT_TRANSACTIONS", true),
        new(KafkaErrorCode.TransactionCoordinatorFenced, "TRANSACTION_COORDINATOR_FENCED", false),
        new(KafkaErrorCode.TransactionalIdAuthorizationFailed, "TRANSACTIONAL_ID_AUTHORIZATION_FAILED", false),
        new(KafkaErrorCode.SecurityDisabled, "SECURITY_DISABLED", false),
        new(KafkaErrorCode.OperationNotAttempted, "OPERATION_NOT_ATTEMPTED", false),
        new(KafkaErrorCode.KafkaStorageError, "KAFKA_STORAGE_ERROR", true),
        new(KafkaErrorCode.LogDirNotFound, "LOG_DIR_NOT_FOUND", false),
        new(KafkaErrorCode.SaslAuthenticationFailed, "SASL_AUTHENTICATION_FAILED", false),
        new(KafkaErrorCode.UnknownProducerId, "UNKNOWN_PRODUCER_ID", false),
        new(KafkaErrorCode.ReassignmentInProgress, "REASSIGNMENT_IN_PROGRESS", false),
        new(KafkaErrorCode.DelegationTokenAuthDisabled, "DELEGATION_TOKEN_AUTH_DISABLED", false),
        new(KafkaErrorCode.DelegationTokenNotFound, "DELEGATION_TOKEN_NOT_FOUND", false),
        new(KafkaErrorCode.DelegationTokenOwnerMismatch, "DELEGATION_TOKEN_OWNER_MISMATCH", false),
        new(KafkaErrorCode.DelegationTokenRequestNotAllowed, "DELEGATION_TOKEN_REQUEST_NOT_ALLOWED", false),
        new(KafkaErrorCode.DelegationTokenAuthorizationFailed, "DELEGATION_TOKEN_AUTHORIZATION_FAILED", false),
        new(KafkaErrorCode.DelegationTokenExpired, "DELEGATION_TOKEN_EXPIRED", false),
        new(KafkaErrorCode.InvalidPrincipalType, "INVALID_PRINCIPAL_TYPE", false),
        new(KafkaErrorCode.NonEmptyGroup, "NON_EMPTY_GROUP", false),
        new(KafkaErrorCode.GroupIdNotFound, "GROUP_ID_NOT_FOUND", false),
        new(KafkaErrorCode.FetchSessionIdNotFound, "FETCH_SESSION_ID_NOT_FOUND", true),
        new(KafkaErrorCode.InvalidFetchSessionEpoch, "INVALID_FETCH_SESSION_EPOCH", true),
        new(KafkaErrorCode.ListenerNotFound, "LISTENER_NOT_FOUND", true),
        new(KafkaErrorCode.TopicDeletionDisabled, "TOPIC_DELETION_DISABLED", false),
        new(KafkaErrorCode.FencedLeaderEpoch, "FENCED_LEADER_EPOCH", true),
        new(KafkaErrorCode.UnknownLeaderEpoch, "UNKNOWN_LEADER_EPOCH", true),
        new(KafkaErrorCode.UnsupportedCompressionType, "UNSUPPORTED_COMPRESSION_TYPE", false),
        new(KafkaErrorCode.StaleBrokerEpoch, "STALE_BROKER_EPOCH", false),
        new(KafkaErrorCode.OffsetNotAvailable, "OFFSET_NOT_AVAILABLE", true),
        new(KafkaErrorCode.MemberIdRequired, "MEMBER_ID_REQUIRED", false),
        new(KafkaErrorCode.PreferredLeaderNotAvailable, "PREFERRED_LEADER_NOT_AVAILABLE", true),
        new(KafkaErrorCode.GroupMaxSizeReached, "GROUP_MAX_SIZE_REACHED", false),
        new(KafkaErrorCode.FencedInstanceId, "FENCED_INSTANCE_ID", false),
        new(KafkaErrorCode.EligibleLeadersNotAvailable, "ELIGIBLE_LEADERS_NOT_AVAILABLE", true),
        new(KafkaErrorCode.ElectionNotNeeded, "ELECTION_NOT_NEEDED", true),
        new(KafkaErrorCode.NoReassignmentInProgress, "NO_REASSIGNMENT_IN_PROGRESS", false),
        new(KafkaErrorCode.GroupSubscribedToTopic, "GROUP_SUBSCRIBED_TO_TOPIC", false),
        new(KafkaErrorCode.InvalidRecord, "INVALID_RECORD", false),
        new(KafkaErrorCode.UnstableOffsetCommit, "UNSTABLE_OFFSET_COMMIT", true),
        new(KafkaErrorCode.ThrottlingQuotaExceeded, "THROTTLING_QUOTA_EXCEEDED", true),
        new(KafkaErrorCode.ProducerFenced, "PRODUCER_FENCED", false),
        new(KafkaErrorCode.ResourceNotFound, "RESOURCE_NOT_FOUND", false),
        new(KafkaErrorCode.DuplicateResource, "DUPLICATE_RESOURCE", false),
        new(KafkaErrorCode.UnacceptableCredential, "UNACCEPTABLE_CREDENTIAL", false),
        new(KafkaErrorCode.InconsistentVoterSet, "INCONSISTENT_VOTER_SET", false),
        new(KafkaErrorCode.InvalidUpdateVersion, "INVALID_UPDATE_VERSION", false),
        new(KafkaErrorCode.FeatureUpdateFailed, "FEATURE_UPDATE_FAILED", false),
        new(KafkaErrorCode.PrincipalDeserializationFailure, "PRINCIPAL_DESERIALIZATION_FAILURE", false),
        new(KafkaErrorCode.SnapshotNotFound, "SNAPSHOT_NOT_FOUND", false),
        new(KafkaErrorCode.PositionOutOfRange, "POSITION_OUT_OF_RANGE", false),
        new(KafkaErrorCode.UnknownTopicId, "UNKNOWN_TOPIC_ID", true),
        new(KafkaErrorCode.DuplicateBrokerRegistration, "DUPLICATE_BROKER_REGISTRATION", false),
        new(KafkaErrorCode.BrokerIdNotRegistered, "BROKER_ID_NOT_REGISTERED", false),
        new(KafkaErrorCode.InconsistentTopicId, "INCONSISTENT_TOPIC_ID", true),
        new(KafkaErrorCode.InconsistentClusterId, "INCONSISTENT_CLUSTER_ID", false),
        new(KafkaErrorCode.TransactionalIdNotFound, "TRANSACTIONAL_ID_NOT_FOUND", false),
        new(KafkaErrorCode.FetchSessionTopicIdError, "FETCH_SESSION_TOPIC_ID_ERROR", true),
        new(KafkaErrorCode.IneligibleReplica, "INELIGIBLE_REPLICA", false),
        new(KafkaErrorCode.NewLeaderElected, "NEW_LEADER_ELECTED", false),
        new(KafkaErrorCode.OffsetMovedToTieredStorage, "OFFSET_MOVED_TO_TIERED_STORAGE", false),
        new(KafkaErrorCode.FencedMemberEpoch, "FENCED_MEMBER_EPOCH", false),
        new(KafkaErrorCode.UnreleasedInstanceId, "UNRELEASED_INSTANCE_ID", false),
        new(KafkaErrorCode.UnsupportedAssignor, "UNSUPPORTED_ASSIGNOR", false),
        new(KafkaErrorCode.StaleMemberEpoch, "STALE_MEMBER_EPOCH", false),
        new(KafkaErrorCode.MismatchedEndpointType, "MISMATCHED_ENDPOINT_TYPE", false),
        new(KafkaErrorCode.UnsupportedEndpointType, "UNSUPPORTED_ENDPOINT_TYPE", false),
        new(KafkaErrorCode.UnknownControllerId, "UNKNOWN_CONTROLLER_ID", false),
        new(KafkaErrorCode.UnknownSubscriptionId, "UNKNOWN_SUBSCRIPTION_ID", false),
        new(KafkaErrorCode.TelemetryTooLarge, "TELEMETRY_TOO_LARGE", false),
        new(KafkaErrorCode.InvalidRegistration, "INVALID_REGISTRATION", false),
        new(KafkaErrorCode.TransactionAbortable, "TRANSACTION_ABORTABLE", false),
        new(KafkaErrorCode.InvalidRecordState, "INVALID_RECORD_STATE", false),
        new(KafkaErrorCode.ShareSessionNotFound, "SHARE_SESSION_NOT_FOUND", true),
        new(KafkaErrorCode.InvalidShareSessionEpoch, "INVALID_SHARE_SESSION_EPOCH", true),
        new(KafkaErrorCode.FencedStateEpoch, "FENCED_STATE_EPOCH", false),
        new(KafkaErrorCode.InvalidVoterKey, "INVALID_VOTER_KEY", false),
        new(KafkaErrorCode.DuplicateVoter, "DUPLICATE_VOTER", false),
        new(KafkaErrorCode.VoterNotFound, "VOTER_NOT_FOUND", false),
        new(KafkaErrorCode.InvalidRegularExpression, "INVALID_REGULAR_EXPRESSION", false),
    ];

    private static readonly FrozenDictionary<short, KafkaErrorInfo> ByCode = Table.ToFrozenDictionary(e => (short)e.Code);

    /// <summary>Every known error, by ascending code.</summary>
    public static IReadOnlyList<KafkaErrorInfo> All => Table;

    /// <summary>
    /// The error for <paramref name="code"/>. An unknown code is reported as its number with retriable false, the way
    /// Kafka's client maps an unknown code to UNKNOWN_SERVER_ERROR but keeps the number visible.
    /// </summary>
    public static KafkaErrorInfo Describe(short code) =>
        ByCode.TryGetValue(code, out var e) ? e : new KafkaErrorInfo((KafkaErrorCode)code, $"UNKNOWN_ERROR_CODE_{code}", false);

    /// <summary>Kafka's name for a code.</summary>
    public static string NameOf(short code) => Describe(code).Name;

    /// <summary>True when Kafka treats the code as retriable.</summary>
    public static bool IsRetriable(short code) => Describe(code).Retriable;
}
