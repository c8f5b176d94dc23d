using KafkaUpgrade.Core.Ports;
using Temporalio.Exceptions;

namespace KafkaUpgrade.Activities;

/// <summary>
/// How activity errors reach the workflow: refusals that retrying cannot fix (an invalid request, an unsafe
/// action) fail without retry and carry Kafka's error name as the failure type; transient ones (Kafka's retriable
/// errors, a worker that does not serve the cluster) are retried by Temporal's retry policy.
/// </summary>
public static class ActivityFailures
{
    /// <summary>Failure type of a cluster id the worker cannot resolve.</summary>
    public const string UnknownCluster = "UnknownCluster";

    /// <summary>Failure type of a request no retry can fix: no safe path, a bad option, a contradictory cluster.</summary>
    public const string InvalidRequest = "InvalidRequest";

    /// <summary>Failure type of a refused unsafe action (e.g. removing a node that holds data).</summary>
    public const string UnsafeAction = "UnsafeAction";

    /// <summary>
    /// Kafka's retriable errors by name: the error codes whose exceptions extend
    /// <c>org.apache.kafka.common.errors.RetriableException</c> (Errors.java: e.g. LeaderNotAvailableException,
    /// NetworkException, CoordinatorLoadInProgressException, NotControllerException, TimeoutException), plus
    /// BROKER_NOT_AVAILABLE (a broker restarting) and the two KIP-853 answers a retried voter change can race into:
    /// DUPLICATE_VOTER after an AddRaftVoter that already committed, VOTER_NOT_FOUND after a RemoveRaftVoter that did
    /// (the activities re-check the quorum first, so the retry is a no-op). Classified by name so a real adapter's
    /// errors need no new Core field.
    /// </summary>
    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal)
    {
        "CORRUPT_MESSAGE", "UNKNOWN_TOPIC_OR_PARTITION", "LEADER_NOT_AVAILABLE", "NOT_LEADER_OR_FOLLOWER", "REQUEST_TIMED_OUT",
        "NETWORK_EXCEPTION", "COORDINATOR_LOAD_IN_PROGRESS", "COORDINATOR_NOT_AVAILABLE", "NOT_COORDINATOR", "NOT_ENOUGH_REPLICAS",
        "NOT_ENOUGH_REPLICAS_AFTER_APPEND", "NOT_CONTROLLER", "KAFKA_STORAGE_ERROR", "FETCH_SESSION_ID_NOT_FOUND", "OFFSET_NOT_AVAILABLE",
        "PREFERRED_LEADER_NOT_AVAILABLE", "ELIGIBLE_LEADERS_NOT_AVAILABLE", "UNSTABLE_OFFSET_COMMIT", "THROTTLING_QUOTA_EXCEEDED",
        "CONCURRENT_TRANSACTIONS", "UNKNOWN_LEADER_EPOCH", "FENCED_LEADER_EPOCH", "REBALANCE_IN_PROGRESS",
        KafkaError.BrokerNotAvailable.Name, KafkaError.DuplicateVoter.Name, KafkaError.VoterNotFound.Name,
    };

    /// <summary>True when Kafka classifies <paramref name="error"/> as retriable (see <see cref="Transient"/>).</summary>
    public static bool IsRetriable(KafkaError error) => Transient.Contains(error.Name);

    /// <summary>Runs <paramref name="action"/>, translating domain exceptions into Temporal failures.</summary>
    public static async Task<T> Translate<T>(Func<Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (UnknownClusterException ex)
        {
            // Retried: with several workers on one task queue, the next attempt may reach one that serves the
            // cluster. The workflow's first call (planning) bounds its attempts, so a misspelt cluster still fails.
            throw new ApplicationFailureException($"{ex.Message} Waiting for a worker that serves it.", ex, UnknownCluster);
        }
        catch (KafkaApiException ex)
        {
            throw new ApplicationFailureException(ex.Message, ex, ex.Error.Name, nonRetryable: !Transient.Contains(ex.Error.Name));
        }
        catch (NodeProvisioningException ex)
        {
            throw new ApplicationFailureException(ex.Message, ex, "NodeProvisioning", nonRetryable: true);
        }
        catch (Exception ex) when (ex is Core.Planning.Paths.UpgradePathException or Core.Planning.PlanningException
            or Core.Validation.ClusterValidationException or Core.Versions.UnknownVersionException or FormatException)
        {
            throw new ApplicationFailureException(ex.Message, ex, InvalidRequest, nonRetryable: true);
        }
    }

    /// <summary>Refuses an unsafe action for good.</summary>
    public static ApplicationFailureException Unsafe(string reason) => new(reason, UnsafeAction, nonRetryable: true);
}
