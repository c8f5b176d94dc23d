namespace KafkaUpgrade.EmbeddedTemporal;

/// <summary>How the embedded server listens and where it keeps its state.</summary>
/// <param name="Port">Loopback TCP port; 0 picks a free one (see <see cref="EmbeddedTemporalServer.Address"/>).</param>
/// <param name="DatabasePath">SQLite file to persist runs in; null keeps state in memory only.</param>
/// <param name="SearchAttributes">Custom keyword search attributes registered in the <c>default</c> namespace at start.</param>
/// <param name="HttpPort">
/// Loopback port for Temporal's HTTP API (JSON under <c>/api/v1</c>, HTTP/1.1) served by the same handlers; 0 picks a
/// free one (see <see cref="EmbeddedTemporalServer.HttpAddress"/>); null serves no HTTP API.
/// </param>
/// <param name="HttpCorsOrigin">The browser origin (e.g. <c>http://localhost:8080</c>, or <c>*</c>) the HTTP API allows; null allows none.</param>
public sealed record EmbeddedTemporalOptions(
    int Port = 7233,
    string? DatabasePath = null,
    IReadOnlyList<string>? SearchAttributes = null,
    int? HttpPort = null,
    string? HttpCorsOrigin = null);
