using System.Collections.Concurrent;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Kafka.Protocol;

namespace KafkaUpgrade.Simulation.Wire.Versions;

/// <summary>
/// What a node advertises in ApiVersions: its release's ranges (<see cref="ReleaseApiVersions"/>) limited to the
/// versions our codec speaks, so no client is ever promised a version the front cannot decode. Where the codec lags
/// a release (e.g. Metadata v13 of 4.0), the node answers up to the codec's highest version; the README lists these.
/// </summary>
internal static class AdvertisedApis
{
    private static readonly ConcurrentDictionary<(KafkaVersion, ListenerKind), IReadOnlyList<ApiRange>> Cache = new();

    public static IReadOnlyList<ApiRange> For(KafkaVersion version, ListenerKind listener) =>
        Cache.GetOrAdd((version.Line, listener), key =>
        [
            .. ReleaseApiVersions.For(key.Item1, key.Item2)
                .Select(r => KafkaApis.TryGet(r.ApiKey, out var api)
                    ? api.ValidVersions.Intersect(new ApiVersionRange(r.MinVersion, r.MaxVersion)) is { IsEmpty: false } both ? new ApiRange(r.ApiKey, both.Min, both.Max) : (ApiRange?)null
                    : null)
                .OfType<ApiRange>(),
        ]);
}
