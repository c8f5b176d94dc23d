using KafkaUpgrade.EmbeddedTemporal;
using KafkaUpgrade.Worker.Composition;
using Temporalio.Client;

namespace KafkaUpgrade.Benchmarks;

/// <summary>The Temporal a benchmark runs against: the one at <c>--address</c>, else the embedded server in this process.</summary>
internal sealed class BenchmarkTemporal : IAsyncDisposable
{
    private readonly EmbeddedTemporalServer? _server;

    private BenchmarkTemporal(EmbeddedTemporalServer? server, string address, TemporalClient client)
    {
        _server = server;
        Address = address;
        Client = client;
    }

    public string Address { get; }

    public TemporalClient Client { get; }

    /// <summary>Where the benchmark ran, for its first line.</summary>
    public string Description => _server is null ? $"Temporal at {Address}" : "the embedded server";

    public static async Task<BenchmarkTemporal> StartAsync(string? address)
    {
        EmbeddedTemporalServer? server = null;
        if (address is null)
        {
            server = new EmbeddedTemporalServer(new EmbeddedTemporalOptions(Port: 0));
            await server.StartAsync();
            address = server.Address;
        }

        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address) { Namespace = "default" });
        await SearchAttributeRegistration.EnsureAsync(client);
        return new BenchmarkTemporal(server, address, client);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
