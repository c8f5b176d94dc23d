using KafkaUpgrade.EmbeddedTemporal;
using KafkaUpgrade.Worker.Composition;
using Xunit;
using Temporalio.Client;

namespace KafkaUpgrade.TestSupport;

/// <summary>The Temporal at <c>TEMPORAL_ADDRESS</c> when set (a real cluster), else the embedded server on a free port.</summary>
public sealed class TemporalFixture : IAsyncLifetime, IAsyncDisposable
{
    private EmbeddedTemporalServer? _server;

    public TemporalClient Client { get; private set; } = null!;

    /// <summary>host:port of the Temporal the tests use.</summary>
    public string Address { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var address = Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS");
        if (string.IsNullOrEmpty(address))
        {
            _server = new EmbeddedTemporalServer(new EmbeddedTemporalOptions(Port: 0));
            await _server.StartAsync();
            address = _server.Address;
        }

        Address = address;

        Client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address) { Namespace = "default" });
        await SearchAttributeRegistration.EnsureAsync(Client);
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
