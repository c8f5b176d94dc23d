using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using KafkaUpgrade.ZooKeeper.Jute;

namespace KafkaUpgrade.ZooKeeper.Tests;

/// <summary>Servers that misbehave in ways a real one only does when it dies or is not ZooKeeper.</summary>
public sealed class FakeServerTests
{
    [Fact]
    public async Task A_server_that_closes_in_the_middle_of_a_reply_is_CONNECTIONLOSS_for_that_request()
    {
        await using var fake = new FakeServer(async (stream, connection) =>
        {
            await FakeServer.HandshakeAsync(stream, timeoutMs: 4000);
            var request = await FakeServer.ReadFrameAsync(stream);
            // Reply header says 100 bytes; only 10 arrive before the socket closes.
            var partial = new byte[14];
            BinaryPrimitives.WriteInt32BigEndian(partial, 100);
            BinaryPrimitives.WriteInt32BigEndian(partial.AsSpan(4), BinaryPrimitives.ReadInt32BigEndian(request));
            await stream.WriteAsync(partial);
            return connection == 0; // refuse reconnects
        });
        await using var zk = await ZooKeeperClient.ConnectAsync(fake.Address);

        var e = await Assert.ThrowsAsync<ZooKeeperException>(() => zk.GetDataAsync("/controller"));
        Assert.Equal(ZooKeeperError.ConnectionLoss, e.Error);
        Assert.Equal("/controller", e.Path);
        Assert.Contains("closed the connection", e.Detail, StringComparison.Ordinal);

        // The next call tries to reconnect the session and says it could not.
        var next = await Assert.ThrowsAsync<ZooKeeperException>(() => zk.ExistsAsync("/migration"));
        Assert.Equal(ZooKeeperError.ConnectionLoss, next.Error);
        Assert.Contains("cannot reconnect session", next.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_length_beyond_the_limit_drops_the_connection_without_allocating_it()
    {
        await using var fake = new FakeServer(async (stream, _) =>
        {
            await FakeServer.HandshakeAsync(stream, timeoutMs: 4000);
            await FakeServer.ReadFrameAsync(stream);
            var prefix = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(prefix, int.MaxValue);
            await stream.WriteAsync(prefix);
            return false;
        });
        await using var zk = await ZooKeeperClient.ConnectAsync(fake.Address);
        var e = await Assert.ThrowsAsync<ZooKeeperException>(() => zk.GetChildrenAsync("/brokers/ids"));
        Assert.Equal(ZooKeeperError.ConnectionLoss, e.Error);
        Assert.Contains("out of range", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconnecting_to_a_server_that_expired_the_session_is_SESSIONEXPIRED()
    {
        await using var fake = new FakeServer(async (stream, connection) =>
        {
            if (connection == 0)
            {
                await FakeServer.HandshakeAsync(stream, timeoutMs: 4000);
                return false; // close this connection at once and accept the client's reconnect
            }

            await FakeServer.ReadFrameAsync(stream);
            await FakeServer.HandshakeReplyAsync(stream, timeoutMs: 0, sessionId: 0);
            return true;
        });
        await using var zk = await ZooKeeperClient.ConnectAsync(fake.Address);
        Assert.Equal(0x1234L, zk.SessionId);
        await Wait.UntilAsync(async () =>
        {
            try
            {
                await zk.ExistsAsync("/");
                return false;
            }
            catch (ZooKeeperException e) when (e.Error == ZooKeeperError.SessionExpired)
            {
                return true;
            }
            catch (ZooKeeperException e) when (e.Error == ZooKeeperError.ConnectionLoss)
            {
                return false;
            }
        }, "SESSIONEXPIRED on reconnect");
    }

    [Fact]
    public async Task An_unreachable_server_is_CONNECTIONLOSS_naming_it()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var e = await Assert.ThrowsAsync<ZooKeeperException>(() => ZooKeeperClient.ConnectAsync($"127.0.0.1:{port}", new ZooKeeperClientOptions { ConnectTimeout = TimeSpan.FromSeconds(2) }));
        Assert.Equal(ZooKeeperError.ConnectionLoss, e.Error);
        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lengths_and_counts_are_checked_against_the_frame_before_allocating()
    {
        var frame = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(frame, 1_000_000); // vector count with 4 bytes left
        var vector = Assert.Throws<ZooKeeperException>(() => new JuteReader(frame).ReadStringVector());
        Assert.Equal(ZooKeeperError.MarshallingError, vector.Error);

        BinaryPrimitives.WriteInt32BigEndian(frame, 5); // buffer of 5 with 4 bytes left
        Assert.Equal(ZooKeeperError.MarshallingError, Assert.Throws<ZooKeeperException>(() => new JuteReader(frame).ReadBuffer()).Error);
        BinaryPrimitives.WriteInt32BigEndian(frame, -7);
        Assert.Equal(ZooKeeperError.MarshallingError, Assert.Throws<ZooKeeperException>(() => new JuteReader(frame).ReadString()).Error);
        BinaryPrimitives.WriteInt32BigEndian(frame, -1);
        Assert.Null(new JuteReader(frame).ReadString());
    }

    [Theory]
    [InlineData("zk1:2181,zk2:2182/kafka/prod", "zk1:2181,zk2:2182", "/kafka/prod")]
    [InlineData("zk1", "zk1:2181", null)]
    [InlineData("[::1]:2181/", "[::1]:2181", null)]
    [InlineData(" 10.0.0.1:2181 , 10.0.0.2:2181/k ", "10.0.0.1:2181,10.0.0.2:2181", "/k")]
    public void Connect_strings_parse_as_kafka_writes_them(string text, string servers, string? chroot)
    {
        var parsed = ZooKeeperConnectString.Parse(text);
        Assert.Equal(servers, string.Join(",", parsed.Servers));
        Assert.Equal(chroot, parsed.Chroot);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("zk1:notaport", "not a port")]
    [InlineData("zk1:2181/a//b", "empty element")]
    [InlineData(":2181", "empty host")]
    public void Bad_connect_strings_are_refused_naming_the_problem(string text, string problem)
    {
        var e = Assert.ThrowsAny<Exception>(() => ZooKeeperConnectString.Parse(text));
        Assert.True(e is FormatException or ArgumentException);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    /// <summary>A TCP server running a script per connection, closing it after; the script returns true on the last one.</summary>
    private sealed class FakeServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public FakeServer(Func<NetworkStream, int, Task<bool>> script)
        {
            _listener.Start();
            Address = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
            _loop = Task.Run(async () =>
            {
                for (var connection = 0; !_stop.IsCancellationRequested; connection++)
                {
                    using var tcp = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var last = await script(tcp.GetStream(), connection);
                    if (last)
                    {
                        // Keep the port but answer nothing more: later connects are reset at once.
                        _listener.Stop();
                        return;
                    }
                }
            });
        }

        public string Address { get; }

        public static async Task HandshakeAsync(NetworkStream stream, int timeoutMs)
        {
            await ReadFrameAsync(stream);
            await HandshakeReplyAsync(stream, timeoutMs, 0x1234);
        }

        public static async Task HandshakeReplyAsync(NetworkStream stream, int timeoutMs, long sessionId)
        {
            var reply = new JuteWriter().WriteInt(0).WriteInt(timeoutMs).WriteLong(sessionId).WriteBuffer(new byte[16]).WriteBool(false);
            await stream.WriteAsync(reply.ToFrame());
        }

        public static async Task<byte[]> ReadFrameAsync(NetworkStream stream) =>
            await ZooKeeperConnection.ReadFrameAsync(stream, 1 << 20, CancellationToken.None) ?? throw new IOException("client closed");

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
            {
            }

            _stop.Dispose();
        }
    }
}
