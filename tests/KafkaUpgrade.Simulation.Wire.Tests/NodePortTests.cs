using System.Net.Sockets;
using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Simulation.Wire.Tests;

public sealed class NodePortTests
{
    [Fact]
    public async Task EveryBrokerAndControllerHasItsOwnLoopbackPort()
    {
        await using var test = await TestFront.StartAsync();
        var state = test.State;
        var endpoints = test.Front.Endpoints;
        Assert.Equal(state.Brokers.Select(b => b.Id).Order(), endpoints.Where(e => !e.IsController).Select(e => e.NodeId).Order());
        Assert.Equal(state.Controllers.Select(c => c.Id).Order(), endpoints.Where(e => e.IsController).Select(e => e.NodeId).Order());
        Assert.Equal(endpoints.Count, endpoints.Select(e => e.Port).Distinct().Count());
        Assert.All(endpoints, e => Assert.Equal("127.0.0.1", e.Host));
        Assert.All(endpoints, e => Assert.True(e.IsOpen));
        Assert.Equal(string.Join(',', endpoints.Where(e => !e.IsController).Select(e => e.Address)), test.Front.BootstrapServers);
    }

    [Fact]
    public async Task StoppedNodeRefusesConnectionsAndComesBackOnTheSamePortWithItsNewVersion()
    {
        await using var test = await TestFront.StartAsync();
        var broker = test.Broker(1);
        Assert.True(await CanConnectAsync(broker.Port));

        await test.Simulator.Provisioner.StopAsync(1);
        await test.RunUntilAsync(s => s.FindNode(1)!.State == NodeState.Stopped);
        Assert.False(test.Broker(1).IsOpen);
        var refused = await Assert.ThrowsAsync<SocketException>(() => ConnectAsync(broker.Port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);

        var config = (await test.Simulator.Provisioner.DescribeNodeAsync(1))!.Config with { Version = KafkaVersion.Parse("4.1.0") };
        await test.Simulator.Provisioner.RestartAsync(1, config);
        await test.RunUntilAsync(s => s.FindNode(1)!.State == NodeState.Running);
        Assert.Equal(broker.Port, test.Broker(1).Port);
        Assert.True(await CanConnectAsync(broker.Port));
        Assert.Equal(KafkaVersion.Parse("4.1.0"), test.State.FindNode(1)!.Version);
    }

    [Fact]
    public async Task BasePortGivesConsecutivePortsInNodeIdOrder()
    {
        var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var basePort = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var test = await TestFront.StartAsync(frontOptions: new WireFrontOptions { Speed = 0, BasePort = basePort });
        var ports = test.Front.Endpoints.OrderBy(e => e.NodeId).ThenBy(e => e.IsController).Select(e => e.Port).ToList();
        Assert.Equal(Enumerable.Range(basePort, ports.Count), ports);
    }

    internal static async Task ConnectAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
    }

    internal static async Task<bool> CanConnectAsync(int port)
    {
        try
        {
            await ConnectAsync(port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
