using KafkaUpgrade.Core.Ports;
using Temporalio.Exceptions;

namespace KafkaUpgrade.Activities;

/// <summary>
/// How activity errors reach the workflow: refusals that retrying cannot fix (an unknown cluster, an invalid
/// request) fail without retry and carry Kafka's error name as the failure type; transient ones (no controller
/// right now, a timed-out quorum change) are retried by Temporal's retry policy.
/// </summary>
public static class ActivityFailures
{
    /// <summary>Failure type of a cluster id the worker cannot resolve.</summary>
    public const string UnknownCluster = "UnknownCluster";

    /// <summary>Failure type of a request no retry can fix: no safe path, a bad option, a contradictory cluster.</summary>
    public const string InvalidRequest = "InvalidRequest";

    /// <summary>Failure type of a refused unsafe action (e.g. removing a node that holds data).</summary>
    public const string UnsafeAction = "UnsafeAction";

    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal)
    {
        KafkaError.NotController.Name, KafkaError.RequestTimedOut.Name, KafkaError.BrokerNotAvailable.Name, KafkaError.NotLeaderOrFollower.Name,
    };

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
            throw new ApplicationFailureException(ex.Message, ex, UnknownCluster, nonRetryable: true);
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
