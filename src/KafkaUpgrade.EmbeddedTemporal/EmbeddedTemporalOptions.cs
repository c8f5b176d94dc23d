namespace KafkaUpgrade.EmbeddedTemporal;

/// <summary>How the embedded server listens and where it keeps its state.</summary>
/// <param name="Port">Loopback TCP port; 0 picks a free one (see <see cref="EmbeddedTemporalServer.Address"/>).</param>
/// <param name="DatabasePath">SQLite file to persist runs in; null keeps state in memory only.</param>
/// <param name="SearchAttributes">Custom keyword search attributes registered in the <c>default</c> namespace at start.</param>
public sealed record EmbeddedTemporalOptions(int Port = 7233, string? DatabasePath = null, IReadOnlyList<string>? SearchAttributes = null);
