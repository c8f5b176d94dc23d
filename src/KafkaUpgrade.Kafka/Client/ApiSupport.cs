using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Errors;

namespace KafkaUpgrade.Kafka.Client;

/// <summary>Version negotiation and Kafka error translation shared by every call.</summary>
public static class ApiSupport
{
    /// <summary>
    /// The highest version of <paramref name="api"/> both sides speak, at least <paramref name="minimum"/>; a node that
    /// lacks it is an UNSUPPORTED_VERSION error naming the API, the version needed and what the node offers.
    /// </summary>
    public static short Negotiate(IKafkaNodeConnection connection, ApiKey api, short minimum = 0)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var ours = KafkaApis.Get(api).ValidVersions;
        var theirs = connection.PeerVersions(api);
        var common = theirs is { } t ? ours.Intersect(t) : ApiVersionRange.None;
        if (common.IsEmpty || common.Max < minimum)
        {
            var offered = theirs is { } r ? $"it supports {api} v{r.Min}-{r.Max}" : $"it does not support {api} at all";
            throw new KafkaApiException(KafkaError.UnsupportedVersion, $"{connection.Endpoint} cannot serve {api} (API key {(short)api}) v{Math.Max(minimum, ours.Min)}+ that this operation needs: {offered}");
        }

        return common.Max;
    }

    /// <summary>True when the node serves <paramref name="api"/> at <paramref name="minimum"/> or above.</summary>
    public static bool Supports(IKafkaNodeConnection connection, ApiKey api, short minimum = 0)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.PeerVersions(api) is { } r && !KafkaApis.Get(api).ValidVersions.Intersect(r).IsEmpty && KafkaApis.Get(api).ValidVersions.Intersect(r).Max >= minimum;
    }

    /// <summary>Kafka's error for a code, with its own name.</summary>
    public static KafkaError ErrorOf(short code) => new(code, KafkaErrors.NameOf(code));

    /// <summary>Throws <see cref="KafkaApiException"/> for a non-zero error code.</summary>
    public static void ThrowIfError(short code, string? message, string context)
    {
        if (code != 0)
        {
            throw new KafkaApiException(ErrorOf(code), string.IsNullOrEmpty(message) ? context : $"{context}: {message}");
        }
    }

    /// <summary>True for errors Kafka marks retriable (RetriableException subclasses).</summary>
    public static bool IsRetriable(KafkaError error) => KafkaErrors.IsRetriable(error.Code);
}
