using Temporalio.Client;

namespace KafkaUpgrade.EmbeddedTemporal.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task RunAsync_prints_the_address_a_client_can_connect_to_and_stops_on_cancel()
    {
        using var output = new StringWriter();
        using var stop = new CancellationTokenSource();
        var running = EmbeddedTemporalServer.RunAsync(new EmbeddedTemporalOptions(Port: 0), TextWriter.Synchronized(output), stop.Token);
        await Eventually.WaitAsync(() => Task.FromResult(output.ToString().Contains("listening on", StringComparison.Ordinal)));

        var address = output.ToString().Split("listening on ")[1].Split(' ')[0];
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));
        var info = await client.Connection.WorkflowService.GetSystemInfoAsync(new());
        Assert.True(info.Capabilities.SdkMetadata);

        await stop.CancelAsync();
        await running;
    }
}
