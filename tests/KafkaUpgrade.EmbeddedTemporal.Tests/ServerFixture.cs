using Temporalio.Client;

namespace KafkaUpgrade.EmbeddedTemporal.Tests;

/// <summary>Uses the Temporal at TEMPORAL_ADDRESS when set, else an embedded server on a free port.</summary>
public sealed class ServerFixture : IAsyncLifetime, IAsyncDisposable
{
    public const string SearchAttribute = "KafkaUpgradeCluster";
    private EmbeddedTemporalServer? server;

    public TemporalClient Client { get; private set; } = null!;

    public string Address { get; private set; } = "";

    public bool IsEmbedded => server is not null;

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS");
        if (string.IsNullOrEmpty(external))
        {
            server = new EmbeddedTemporalServer(new EmbeddedTemporalOptions(Port: 0));
            await server.StartAsync();
            Address = server.Address;
        }
        else
        {
            Address = external;
        }

        Client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(Address) { Namespace = "default" });
        await Client.Connection.OperatorService.AddSearchAttributesAsync(new Temporalio.Api.OperatorService.V1.AddSearchAttributesRequest
        {
            Namespace = "default",
            SearchAttributes = { { SearchAttribute, Temporalio.Api.Enums.V1.IndexedValueType.Keyword } },
        });
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "temporal server";
}
