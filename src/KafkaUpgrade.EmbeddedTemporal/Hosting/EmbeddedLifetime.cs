using Microsoft.Extensions.Hosting;

namespace KafkaUpgrade.EmbeddedTemporal.Hosting;

/// <summary>
/// The server is embedded in another program (tests, the CLI, the demo), which owns Ctrl+C and SIGTERM;
/// the default console lifetime would hook those signals and hold the process open.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
