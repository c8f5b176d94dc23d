using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace KafkaUpgrade.Simulation.Wire.Network;

/// <summary>
/// One Kafka listener of one simulated node on a fixed loopback port: open while the node's process serves, closed
/// (connection refused, every connection dropped) while it is stopped, reopened on the same port when it runs again.
/// A listener made with a hand-off serves nothing itself: it gives each connection it accepts to another listener
/// (<see cref="TryAdopt"/>), as a DNS name or VIP in front of several hosts does (the controller bootstrap address).
/// </summary>
internal sealed partial class NodeListener : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private readonly IRequestDispatcher? _dispatcher;
    private readonly Func<Socket, bool>? _handOff;
    private readonly int _maxRequestBytes;
    private readonly ILogger _logger;
    private TcpListener? _listener;
    private Socket? _reservation;
    private CancellationTokenSource? _stop;
    private Task? _acceptLoop;

    /// <summary>A node's listener: its connections are answered by <paramref name="dispatcher"/>.</summary>
    public NodeListener(int port, IRequestDispatcher dispatcher, int maxRequestBytes, ILogger logger)
    {
        Port = port;
        _dispatcher = dispatcher;
        _maxRequestBytes = maxRequestBytes;
        _logger = logger;
        Reserve();
    }

    /// <summary>
    /// A listener in front of others: every connection it accepts goes to <paramref name="handOff"/>, which serves it
    /// elsewhere for its whole life or returns false, and then the connection is closed at once.
    /// </summary>
    public NodeListener(int port, Func<Socket, bool> handOff, ILogger logger)
    {
        Port = port;
        _handOff = handOff;
        _logger = logger;
        Reserve();
    }

    /// <summary>The port, fixed for the node's lifetime (chosen by the OS at construction when 0).</summary>
    public int Port { get; private set; }

    /// <summary>True while the port accepts connections.</summary>
    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _listener is not null;
            }
        }
    }

    /// <summary>Connections open now.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Starts accepting; does nothing when already open.</summary>
    public void Open()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            // Reopening a port right after closing it must not fail on connections still in TIME_WAIT; the reservation
            // (bound, not listening, SO_REUSEADDR too) is let go only once the listener holds the port.
            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            try
            {
                listener.Start(backlog: 512);
            }
            catch (SocketException) when (_reservation is not null)
            {
                Release();
                listener = new TcpListener(IPAddress.Loopback, Port);
                listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                listener.Start(backlog: 512);
            }

            Release();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _listener = listener;
            _stop = new CancellationTokenSource();
            _acceptLoop = AcceptAsync(listener, _stop.Token);
        }
    }

    /// <summary>Stops accepting and drops every connection (the process is gone); does nothing when closed.</summary>
    public async Task CloseAsync()
    {
        TcpListener? listener;
        CancellationTokenSource? stop;
        Task? loop;
        lock (_gate)
        {
            (listener, stop, loop) = (_listener, _stop, _acceptLoop);
            _listener = null;
            _stop = null;
            _acceptLoop = null;
        }

        if (listener is null)
        {
            return;
        }

        await stop!.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        lock (_gate)
        {
            Reserve();
        }

        foreach (var socket in _connections.Keys)
        {
            socket.Close();
        }

        try
        {
            await loop!.ConfigureAwait(false);
            // Closing must never hang on a connection that does not notice its socket closed.
            await Task.WhenAll(_connections.Values).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The remaining connections end on their own once their reads fail.
        }
        finally
        {
            stop.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        lock (_gate)
        {
            Release();
        }
    }

    // A closed listener keeps its port bound without listening: a connection is refused (RST), as by a stopped
    // node, and no other listener (of this front or another process) can be handed the port meanwhile, so the node
    // comes back on the port it advertises.
    private void Reserve()
    {
        if (_reservation is not null)
        {
            return;
        }

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, Port));
            Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            _reservation = socket;
        }
        catch (SocketException ex) when (Port != 0)
        {
            socket.Dispose();
            LogReservationFailed(_logger, Port, ex.Message);
        }
    }

    private void Release()
    {
        _reservation?.Dispose();
        _reservation = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not keep port {Port} while its node is down: {Reason}")]
    private static partial void LogReservationFailed(ILogger logger, int port, string reason);

    /// <summary>
    /// Serves a connection another listener accepted as one of this listener's own (same dispatcher, dropped when
    /// this listener closes); false, and the socket untouched, when this listener is closed.
    /// </summary>
    public bool TryAdopt(Socket socket)
    {
        lock (_gate)
        {
            // Registered under the gate: a close that follows sees the connection and drops it.
            if (_listener is null || _dispatcher is null)
            {
                return false;
            }

            Serve(socket, _stop!.Token);
            return true;
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (_handOff is null)
            {
                Serve(socket, token);
                continue;
            }

            bool handedOff;
            try
            {
                handedOff = _handOff(socket);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // The client hung up before it was handed on.
                handedOff = false;
            }

            if (!handedOff)
            {
                // Nobody to serve it: the client sees its connection closed, as when a name resolves to no live host.
                socket.Dispose();
            }
        }
    }

    private void Serve(Socket socket, CancellationToken token)
    {
        socket.NoDelay = true;
        var connection = new KafkaConnection(socket, _dispatcher!, _maxRequestBytes, _logger);
        // The connection waits until it is registered, so a client that hangs up at once is still removed.
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connections[socket] = Task.Run(() => RunConnectionAsync(socket, connection, registered.Task, token), CancellationToken.None);
        registered.SetResult();
    }

    private async Task RunConnectionAsync(Socket socket, KafkaConnection connection, Task registered, CancellationToken token)
    {
        try
        {
            await registered.ConfigureAwait(false);
            await connection.RunAsync(token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A bug answering one client must never take the node (or the process) down.
            LogConnectionFailed(_logger, ex, Port);
        }
        finally
        {
            _connections.TryRemove(socket, out _);
            socket.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Connection on port {Port} failed")]
    private static partial void LogConnectionFailed(ILogger logger, Exception exception, int port);
}
