using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using KafkaUpgrade.ZooKeeper.Jute;

namespace KafkaUpgrade.ZooKeeper;

/// <summary>What the server granted in its ConnectResponse.</summary>
internal sealed record SessionGrant(long SessionId, byte[] Password, int TimeoutMs, bool ReadOnly);

/// <summary>
/// One TCP connection to one server carrying one session: the ConnectRequest/ConnectResponse handshake, framed
/// requests matched to replies by xid, pings when idle and the read timeout that notices a silent server
/// (ZooKeeper's <c>ClientCnxn</c>: ping after readTimeout/2 of idleness where readTimeout = 2/3 of the negotiated
/// session timeout; a connection with nothing received for readTimeout is dropped). Once broken it stays broken:
/// <see cref="ZooKeeperClient"/> opens a new one for the same session.
/// </summary>
internal sealed class ZooKeeperConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly ZooKeeperClientOptions _options;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<(ReplyHeader Header, JuteReader Body)>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TaskCompletionSource<ZooKeeperException> _broken = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _readLoop = Task.CompletedTask;
    private Task _keepAlive = Task.CompletedTask;
    private long _lastSendMs;
    private long _lastReceiveMs;
    private int _xid;
    private int _pingsAnswered;
    private long _lastZxid;
    private int _disposed;

    private ZooKeeperConnection(TcpClient tcp, ZooKeeperEndpoint endpoint, ZooKeeperClientOptions options, SessionGrant grant, long lastZxid)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _options = options;
        Endpoint = endpoint;
        Grant = grant;
        _lastZxid = lastZxid;
    }

    public ZooKeeperEndpoint Endpoint { get; }

    public SessionGrant Grant { get; }

    public bool IsBroken => _broken.Task.IsCompleted;

    /// <summary>Completes with the reason once the connection is lost.</summary>
    public Task<ZooKeeperException> Broken => _broken.Task;

    public int PingsAnswered => Volatile.Read(ref _pingsAnswered);

    public long LastZxid => Interlocked.Read(ref _lastZxid);

    /// <summary>Connects and runs the handshake; a negotiated timeout of 0 means the session expired.</summary>
    public static async Task<ZooKeeperConnection> OpenAsync(
        ZooKeeperEndpoint endpoint, ZooKeeperClientOptions options, long sessionId, byte[] password, long lastZxid, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            try
            {
                await tcp.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token).ConfigureAwait(false);

                // ConnectRequest (zookeeper.jute) followed by the readOnly flag ClientCnxnSocket appends since 3.4.
                var request = new JuteWriter()
                    .WriteInt(0)
                    .WriteLong(lastZxid)
                    .WriteInt((int)options.SessionTimeout.TotalMilliseconds)
                    .WriteLong(sessionId)
                    .WriteBuffer(password)
                    .WriteBool(false);
                var stream = tcp.GetStream();
                await stream.WriteAsync(request.ToFrame(), timeout.Token).ConfigureAwait(false);
                var frame = await ReadFrameAsync(stream, options.MaxFrameBytes, timeout.Token).ConfigureAwait(false)
                    ?? throw new ZooKeeperException(ZooKeeperError.ConnectionLoss, null, $"{endpoint} closed the connection during the handshake");
                var reader = new JuteReader(frame);
                _ = reader.ReadInt(); // protocolVersion
                var negotiated = reader.ReadInt();
                var granted = reader.ReadLong();
                var secret = reader.ReadBuffer() ?? [];
                var readOnly = reader.Remaining >= 1 && reader.ReadBool();
                if (negotiated <= 0)
                {
                    // ClientCnxn.onConnected: a non-positive timeout is the server saying the session is gone.
                    throw new ZooKeeperException(ZooKeeperError.SessionExpired, null, $"session 0x{sessionId:x} has expired (told by {endpoint})");
                }

                var connection = new ZooKeeperConnection(tcp, endpoint, options, new SessionGrant(granted, secret, negotiated, readOnly), lastZxid);
                connection.Start();
                return connection;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ZooKeeperException(ZooKeeperError.ConnectionLoss, null, $"no handshake with {endpoint} within {options.ConnectTimeout.TotalMilliseconds:0} ms");
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                throw new ZooKeeperException(ZooKeeperError.ConnectionLoss, null, $"cannot connect to {endpoint}: {e.Message}", e);
            }
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends one request and waits for its reply; a non-zero reply error throws <see cref="ZooKeeperException"/> naming <paramref name="path"/>.</summary>
    public async Task<JuteReader> SendAsync(int opCode, Action<JuteWriter>? body, string? path, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<(ReplyHeader, JuteReader)>(TaskCreationOptions.RunContinuationsAsynchronously);
        int xid;
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfBroken(path);
            xid = NextXid();
            var writer = new JuteWriter().WriteInt(xid).WriteInt(opCode);
            body?.Invoke(writer);
            _pending[xid] = completion;
            if (IsBroken)
            {
                // Broken between the check and the registration: Break may have missed this waiter.
                _pending.TryRemove(xid, out _);
                ThrowIfBroken(path);
            }

            await WriteFrameAsync(writer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }

        (ReplyHeader header, JuteReader reply) result;
        try
        {
            result = await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _pending.TryRemove(xid, out _);
            throw;
        }
        catch (ZooKeeperException e)
        {
            // The connection broke: rethrow naming the request's path.
            throw new ZooKeeperException(e.Error, path, e.Detail, e);
        }

        if (result.header.Err != 0)
        {
            throw new ZooKeeperException((ZooKeeperError)result.header.Err, path);
        }

        return result.reply;
    }

    /// <summary>Ends the session (closeSession) and the connection; best effort within <paramref name="timeout"/>.</summary>
    public async Task CloseSessionAsync(TimeSpan timeout)
    {
        if (!IsBroken)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await SendAsync(OpCode.CloseSession, null, null, cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ZooKeeperException or OperationCanceledException or ObjectDisposedException)
            {
                // The server expires the session on its own after the timeout if the close did not arrive.
            }
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Break(new ZooKeeperException(ZooKeeperError.ConnectionLoss, null, "connection closed by the client"));
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_readLoop, _keepAlive).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
            // Loops end by cancellation or with the socket closed under them.
        }

        _stop.Dispose();
        _writeLock.Dispose();
    }

    internal static async Task<byte[]?> ReadFrameAsync(Stream stream, int maxFrameBytes, CancellationToken cancellationToken)
    {
        var prefix = new byte[4];
        if (!await ReadExactlyOrEofAsync(stream, prefix, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(prefix);

        // ClientCnxnSocket: "Packet len ... is out of range!" (jute.maxbuffer); never allocate from an unchecked length.
        if (length < 0 || length > maxFrameBytes)
        {
            throw new ZooKeeperException(ZooKeeperError.ConnectionLoss, null, $"frame length {length} is out of range (limit {maxFrameBytes} bytes)");
        }

        var frame = new byte[length];
        if (!await ReadExactlyOrEofAsync(stream, frame, cancellationToken).ConfigureAwait(false))
        {
            throw new ZooKeeperException(ZooKeeperError.ConnectionLoss, null, $"the server closed the connection in the middle of a {length}-byte reply");
        }

        return frame;
    }

    private static async Task<bool> ReadExactlyOrEofAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (read == 0)
                {
                    return false;
                }

                throw new ZooKeeperException(ZooKeeperError.ConnectionLoss, null, $"the server closed the connection after {read} of {buffer.Length} bytes");
            }

            read += n;
        }

        return true;
    }

    private void Start()
    {
        _lastSendMs = _lastReceiveMs = _clock.ElapsedMilliseconds;
        _readLoop = Task.Run(ReadLoopAsync);
        if (_options.KeepAlive)
        {
            _keepAlive = Task.Run(KeepAliveLoopAsync);
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var frame = await ReadFrameAsync(_stream, _options.MaxFrameBytes, _stop.Token).ConfigureAwait(false);
                if (frame is null)
                {
                    Break(new ZooKeeperException(ZooKeeperError.ConnectionLoss, null, $"{Endpoint} closed the connection"));
                    return;
                }

                Interlocked.Exchange(ref _lastReceiveMs, _clock.ElapsedMilliseconds);
                Dispatch(frame);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (ZooKeeperException e)
        {
            Break(e);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Break(new ZooKeeperException(ZooKeeperError.ConnectionLoss, null, $"connection to {Endpoint} lost: {e.Message}", e));
        }
    }

    private void Dispatch(byte[] frame)
    {
        var reader = new JuteReader(frame);
        ReplyHeader header;
        try
        {
            header = new ReplyHeader(reader.ReadInt(), reader.ReadLong(), reader.ReadInt());
        }
        catch (ZooKeeperException e)
        {
            // Without a header the reply cannot be matched: the stream can no longer be trusted.
            Break(new ZooKeeperException(ZooKeeperError.ConnectionLoss, null, $"unreadable reply header from {Endpoint}: {e.Message}", e));
            return;
        }

        if (header.Zxid > 0)
        {
            InterlockedMax(ref _lastZxid, header.Zxid);
        }

        switch (header.Xid)
        {
            case OpCode.PingXid:
                Interlocked.Increment(ref _pingsAnswered);
                return;
            case OpCode.NotificationXid or OpCode.AuthXid or OpCode.SetWatchesXid:
                return; // this client sets no watches and sends no auth packets
        }

        if (_pending.TryRemove(header.Xid, out var waiter))
        {
            waiter.TrySetResult((header, reader));
        }
    }

    private async Task KeepAliveLoopAsync()
    {
        var timeout = Grant.TimeoutMs;
        var readTimeout = timeout * 2 / 3;
        var pingAfter = readTimeout / 2;
        var tick = TimeSpan.FromMilliseconds(Math.Clamp(pingAfter / 4, 10, 1000));
        try
        {
            while (!_stop.IsCancellationRequested && !IsBroken)
            {
                await Task.Delay(tick, _stop.Token).ConfigureAwait(false);
                var now = _clock.ElapsedMilliseconds;
                var silent = now - Interlocked.Read(ref _lastReceiveMs);
                if (silent > readTimeout)
                {
                    Break(new ZooKeeperException(ZooKeeperError.ConnectionLoss, null, $"nothing received from {Endpoint} for {silent} ms (read timeout {readTimeout} ms)"));
                    return;
                }

                if (now - Interlocked.Read(ref _lastSendMs) >= pingAfter)
                {
                    await SendPingAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task SendPingAsync()
    {
        await _writeLock.WaitAsync(_stop.Token).ConfigureAwait(false);
        try
        {
            if (IsBroken)
            {
                return;
            }

            await WriteFrameAsync(new JuteWriter().WriteInt(OpCode.PingXid).WriteInt(OpCode.Ping), _stop.Token).ConfigureAwait(false);
        }
        catch (ZooKeeperException)
        {
            // WriteFrameAsync already broke the connection.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task WriteFrameAsync(JuteWriter writer, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(writer.ToFrame(), cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _lastSendMs, _clock.ElapsedMilliseconds);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            var loss = new ZooKeeperException(ZooKeeperError.ConnectionLoss, null, $"cannot send to {Endpoint}: {e.Message}", e);
            Break(loss);
            throw loss;
        }
    }

    private void ThrowIfBroken(string? path)
    {
        if (_broken.Task.IsCompleted)
        {
            var reason = _broken.Task.Result;
            throw new ZooKeeperException(reason.Error, path, reason.Detail);
        }
    }

    private void Break(ZooKeeperException reason)
    {
        if (!_broken.TrySetResult(reason))
        {
            return;
        }

        foreach (var xid in _pending.Keys)
        {
            if (_pending.TryRemove(xid, out var waiter))
            {
                waiter.TrySetException(reason);
            }
        }

        _tcp.Dispose();
    }

    private int NextXid()
    {
        // Positive xids only: negative ones are reserved (ping, notification, auth, set-watches).
        var next = Interlocked.Increment(ref _xid);
        if (next <= 0)
        {
            Interlocked.Exchange(ref _xid, 1);
            next = 1;
        }

        return next;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private readonly record struct ReplyHeader(int Xid, long Zxid, int Err);
}
