using System.Text;
using KafkaUpgrade.Kafka.Protocol;

namespace KafkaUpgrade.Simulation.Wire.Tests;

/// <summary>What no client should send never crashes or stalls the front; golden bytes where only one peer speaks an API.</summary>
public sealed class RobustnessTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    // ApiVersions v0, correlation id 1, client id "t": what every client can send first.
    private static readonly byte[] ApiVersionsV0 = Hex("0012 0000 00000001 0001 74");

    private static async Task AssertServesAsync(int port)
    {
        using var client = await RawKafka.ConnectAsync(port);
        await client.SendFrameAsync(ApiVersionsV0);
        var frame = await client.ReadFrameAsync();
        Assert.NotNull(frame);
        Assert.Equal(Hex("00000001 0000"), frame[4..10]);
    }

    [Fact]
    public async Task AnApiVersionsVersionTheNodeDoesNotKnowIsAnsweredAsV0WithUnsupportedVersionAndItsOwnRange()
    {
        await using var test = await TestFront.StartAsync();
        using var client = await RawKafka.ConnectAsync(test.Broker(1).Port);
        // ApiVersions v5 (4.0 speaks 0-4), header v2, correlation 7, client id "t", body: two compact strings and tags.
        await client.SendFrameAsync(Hex("0012 0005 00000007 0001 74 00 0261 0262 00"));
        var frame = await client.ReadFrameAsync();
        // Response header v0 (correlation 7), ErrorCode 35, ApiKeys: only ApiVersions 0-4 (KIP-511).
        Assert.Equal(Hex("00000010 00000007 0023 00000001 0012 0000 0004"), frame);
    }

    [Fact]
    public async Task UnknownOrUnlistedApisCloseTheConnectionAndTheNodeGoesOn()
    {
        await using var test = await TestFront.StartAsync();
        var port = test.Broker(1).Port;
        foreach (var request in new[] { Hex("03E7 0000 00000002 0001 74"), Hex("0000 0009 00000003 0001 74 00"), Hex("0003 007F 00000004 0001 74 00") })
        {
            using var client = await RawKafka.ConnectAsync(port);
            await client.SendFrameAsync(request);
            Assert.Null(await client.ReadFrameAsync());
        }

        // Metadata on a controller listener (not listed there): closed as well.
        using (var controller = await RawKafka.ConnectAsync(test.Controller(test.State.Controllers.First().Id).Port))
        {
            await controller.SendFrameAsync(Hex("0003 0001 00000005 0001 74 FFFFFFFF"));
            Assert.Null(await controller.ReadFrameAsync());
        }

        await AssertServesAsync(port);
    }

    [Fact]
    public async Task AFrameOverSocketRequestMaxBytesGarbageAndHalfFramesNeverStallOtherClients()
    {
        await using var test = await TestFront.StartAsync();
        var port = test.Broker(1).Port;
        using var idle = await RawKafka.ConnectAsync(port);
        await idle.SendAsync(Hex("00000064 0012 0000"));   // promises 100 bytes, sends 4, then waits

        using (var huge = await RawKafka.ConnectAsync(port))
        {
            await huge.SendAsync(Hex("7FFFFFFF 0012"));      // 2 GiB frame: closed, nothing allocated for it
            Assert.Null(await huge.ReadFrameAsync());
        }

        using (var negative = await RawKafka.ConnectAsync(port))
        {
            await negative.SendAsync(Hex("FFFFFFF0"));
            Assert.Null(await negative.ReadFrameAsync());
        }

        using (var garbage = await RawKafka.ConnectAsync(port))
        {
            await garbage.SendFrameAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            Assert.Null(await garbage.ReadFrameAsync());
        }

        var truncated = await RawKafka.ConnectAsync(port);
        await truncated.SendAsync(Hex("00000020 0003 000C 00000009"));
        truncated.Dispose();                                // disconnects mid-frame

        await AssertServesAsync(port);
        await idle.SendAsync(new byte[96]);                 // the idle client finishes its (garbage) frame: only it is closed
        Assert.Null(await idle.ReadFrameAsync());
        await AssertServesAsync(port);
    }

    [Fact]
    public async Task TwoHundredConcurrentConnectionsAreServed()
    {
        await using var test = await TestFront.StartAsync();
        var ports = test.Front.Endpoints.Where(e => !e.IsController).Select(e => e.Port).ToList();
        var topics = test.State.Topics.Count;
        var clients = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => RawKafka.ConnectAsync(ports[i % ports.Count])));
        try
        {
            var answers = await Task.WhenAll(clients.Select(async (client, i) =>
            {
                await client.SendFrameAsync(ApiVersionsV0);
                var versions = await client.ReadFrameAsync();
                await client.SendFrameAsync(KafkaMessages.EncodeRequestFrame(ApiKey.Metadata, 1, i, "c", KafkaApis.Metadata.NewRequest().Set("Topics", null))[4..]);
                var metadata = await client.ReadFrameAsync();
                var decoded = KafkaMessages.DecodeResponse(ApiKey.Metadata, 1, metadata!.AsMemory(4), out var header);
                return (versions is not null, header.CorrelationId == i, decoded.GetStructs("Topics")!.Count);
            }));
            Assert.All(answers, a => Assert.Equal((true, true, topics), a));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task AddRaftVoterGoldenBytes()
    {
        await using var test = await TestFront.StartAsync();
        var leader = test.State.Quorum!.LeaderId;
        using var client = await RawKafka.ConnectAsync(test.Controller(leader).Port);
        // AddRaftVoter v0, header v2, correlation 42, client id "w"; ClusterId "other", TimeoutMs 30000, VoterId 4000,
        // VoterDirectoryId 0102..10, Listeners [{CONTROLLER, 127.0.0.1, 9000}].
        await client.SendFrameAsync(Hex(
            "0050 0000 0000002A 0001 77 00" +
            "06 6F74686572 00007530 00000FA0 0102030405060708090A0B0C0D0E0F10" +
            "02 0B 434F4E54524F4C4C4552 0A 3132372E302E302E31 2328 00" +
            "00"));
        var message = Encoding.UTF8.GetBytes($"The cluster id other does not match {test.State.ClusterId}");
        var body = Hex("0000002A 00 00000000 0068").Concat(new[] { (byte)(message.Length + 1) }).Concat(message).Append((byte)0).ToArray();
        var expected = new byte[4 + body.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(expected, body.Length);
        body.CopyTo(expected, 4);
        Assert.Equal(expected, await client.ReadFrameAsync());
        Assert.DoesNotContain(test.State.Quorum.Voters, v => v.NodeId == 4000);
    }

    [Fact]
    public async Task RemoveRaftVoterGoldenBytes()
    {
        await using var test = await TestFront.StartAsync();
        var quorum = test.State.Quorum!;
        var follower = quorum.Voters.First(v => v.NodeId != quorum.LeaderId);
        var cluster = Encoding.UTF8.GetBytes(test.State.ClusterId);
        using var client = await RawKafka.ConnectAsync(test.Controller(quorum.LeaderId).Port);
        // RemoveRaftVoter v0, header v2, correlation 43, client id "w"; ClusterId, VoterId, VoterDirectoryId.
        var request = Hex("0051 0000 0000002B 0001 77 00").Append((byte)(cluster.Length + 1)).Concat(cluster)
            .Concat(Hex($"{follower.NodeId:X8}")).Concat(follower.DirectoryId.ToByteArray(bigEndian: true)).Append((byte)0).ToArray();
        await client.SendFrameAsync(request);
        // Header v1 (correlation 43, no tags); ThrottleTimeMs 0, ErrorCode 0, ErrorMessage null, no tags. Kafka answers
        // only once the change is committed under the new voter set, so simulated time must move meanwhile.
        Assert.Equal(Hex("0000000D 0000002B 00 00000000 0000 00 00"), await test.WhileSteppingAsync(() => client.ReadFrameAsync()));
        await test.RunUntilAsync(s => s.Quorum!.Voters.All(v => v.NodeId != follower.NodeId));
    }
}
