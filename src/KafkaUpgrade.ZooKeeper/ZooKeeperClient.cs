using KafkaUpgrade.ZooKeeper.Jute;

namespace KafkaUpgrade.ZooKeeper;

/// <summary>
/// A minimal ZooKeeper client speaking the jute wire protocol over TCP (zookeeper.jute, ZooKeeper 3.8): one session,
/// kept alive by pings, with exists, getData, getChildren, create, setData, delete (with versions) and recursive
/// delete, under an optional chroot. No watches, no ACLs other than world:anyone, no SASL or TLS.
/// </summary>
/// <remarks>
/// Errors are <see cref="ZooKeeperException"/> with ZooKeeper's code. A broken connection fails the requests in
/// flight with CONNECTIONLOSS (each may or may not have been applied, as in ZooKeeper's own client); the next
/// request reconnects to the next server with the same session id and password, and gets SESSIONEXPIRED once the
/// server has expired the session, after which the client is unusable. Thread-safe.
/// </remarks>
public sealed class ZooKeeperClient : IAsyncDisposable
{
    private static readonly byte[] NoPassword = new byte[16];
    private readonly ZooKeeperConnectString _connectString;
    private readonly ZooKeeperClientOptions _options;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private ZooKeeperConnection _connection;
    private int _serverIndex;
    private ZooKeeperException? _expired;
    private bool _disposed;

    private ZooKeeperClient(ZooKeeperConnectString connectString, ZooKeeperClientOptions options, ZooKeeperConnection connection, int serverIndex)
    {
        _connectString = connectString;
        _options = options;
        _connection = connection;
        _serverIndex = serverIndex;
        SessionId = connection.Grant.SessionId;
        SessionPassword = connection.Grant.Password;
        NegotiatedSessionTimeout = TimeSpan.FromMilliseconds(connection.Grant.TimeoutMs);
    }

    /// <summary>The session id the server assigned.</summary>
    public long SessionId { get; }

    /// <summary>The session timeout the server granted (clamped to its min/max).</summary>
    public TimeSpan NegotiatedSessionTimeout { get; }

    /// <summary>The server the current connection goes to.</summary>
    public ZooKeeperEndpoint ConnectedServer => _connection.Endpoint;

    /// <summary>The chroot every path is relative to, or null.</summary>
    public string? Chroot => _connectString.Chroot;

    /// <summary>Pings the server answered on the current connection (tests observe keep-alive through it).</summary>
    internal int PingsAnswered => _connection.PingsAnswered;

    private byte[] SessionPassword { get; }

    /// <summary>Opens a session on the first server of <paramref name="connectString"/> (<c>host:port[,...][/chroot]</c>) that answers.</summary>
    public static Task<ZooKeeperClient> ConnectAsync(string connectString, ZooKeeperClientOptions? options = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(ZooKeeperConnectString.Parse(connectString), options, cancellationToken);

    /// <summary>Opens a session on the first server of <paramref name="connectString"/> that answers.</summary>
    public static async Task<ZooKeeperClient> ConnectAsync(ZooKeeperConnectString connectString, ZooKeeperClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectString);
        options ??= new ZooKeeperClientOptions();
        var failures = new List<string>();
        for (var i = 0; i < connectString.Servers.Count; i++)
        {
            try
            {
                var connection = await ZooKeeperConnection.OpenAsync(connectString.Servers[i], options, 0, NoPassword, 0, cancellationToken).ConfigureAwait(false);
                return new ZooKeeperClient(connectString, options, connection, i);
            }
            catch (ZooKeeperException e) when (e.Error == ZooKeeperError.ConnectionLoss)
            {
                failures.Add(e.Detail ?? e.Message);
            }
        }

        throw new ZooKeeperException(ZooKeeperError.ConnectionLoss, null, $"no ZooKeeper server of {connectString} answered: {string.Join("; ", failures)}");
    }

    /// <summary>The node's metadata, or null when it does not exist.</summary>
    public async Task<ZNodeStat?> ExistsAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            var reply = await SendAsync(OpCode.Exists, path, (w, full) => w.WriteString(full).WriteBool(false), cancellationToken).ConfigureAwait(false);
            return reply.ReadStat();
        }
        catch (ZooKeeperException e) when (e.Error == ZooKeeperError.NoNode)
        {
            return null;
        }
    }

    /// <summary>The node's data and metadata; NONODE when it does not exist.</summary>
    public async Task<ZNodeData> GetDataAsync(string path, CancellationToken cancellationToken = default)
    {
        var reply = await SendAsync(OpCode.GetData, path, (w, full) => w.WriteString(full).WriteBool(false), cancellationToken).ConfigureAwait(false);
        var data = reply.ReadBuffer() ?? [];
        return new ZNodeData(data, reply.ReadStat());
    }

    /// <summary>The node's data, or null when it does not exist.</summary>
    public async Task<ZNodeData?> TryGetDataAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetDataAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (ZooKeeperException e) when (e.Error == ZooKeeperError.NoNode)
        {
            return null;
        }
    }

    /// <summary>The names of the node's children (unordered, as the server returns them); NONODE when it does not exist.</summary>
    public async Task<IReadOnlyList<string>> GetChildrenAsync(string path, CancellationToken cancellationToken = default)
    {
        var reply = await SendAsync(OpCode.GetChildren, path, (w, full) => w.WriteString(full).WriteBool(false), cancellationToken).ConfigureAwait(false);
        return reply.ReadStringVector();
    }

    /// <summary>
    /// Creates a node (open ACL, world:anyone) and returns its path relative to the chroot (with the sequence
    /// suffix for sequential modes); NODEEXISTS when it exists, NONODE when the parent does not.
    /// </summary>
    public async Task<string> CreateAsync(string path, byte[]? data, CreateMode mode = CreateMode.Persistent, CancellationToken cancellationToken = default)
    {
        var reply = await SendAsync(OpCode.Create, path, (w, full) =>
        {
            w.WriteString(full);
            if (data is null)
            {
                w.WriteNullBuffer();
            }
            else
            {
                w.WriteBuffer(data);
            }

            // vector<ACL> with OPEN_ACL_UNSAFE: perms ALL (31), id world:anyone.
            w.WriteInt(1).WriteInt(31).WriteString("world").WriteString("anyone");
            w.WriteInt((int)mode);
        }, cancellationToken).ConfigureAwait(false);
        return StripChroot(reply.ReadString() ?? path);
    }

    /// <summary>Replaces the node's data if its version is <paramref name="version"/> (or any, -1); BADVERSION otherwise.</summary>
    public async Task<ZNodeStat> SetDataAsync(string path, byte[] data, int version = ZNodeVersion.Any, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var reply = await SendAsync(OpCode.SetData, path, (w, full) => w.WriteString(full).WriteBuffer(data).WriteInt(version), cancellationToken).ConfigureAwait(false);
        return reply.ReadStat();
    }

    /// <summary>Deletes the node if its version is <paramref name="version"/> (or any, -1): NONODE, NOTEMPTY or BADVERSION otherwise.</summary>
    public async Task DeleteAsync(string path, int version = ZNodeVersion.Any, CancellationToken cancellationToken = default)
    {
        if (path == "/")
        {
            throw new ArgumentException("the root cannot be deleted", nameof(path));
        }

        await SendAsync(OpCode.Delete, path, (w, full) => w.WriteString(full).WriteInt(version), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the node and everything below it, children first (ZooKeeper's <c>deleteall</c>, formerly <c>rmr</c>).
    /// Idempotent: a node that is already gone counts as deleted. Returns how many nodes this call deleted.
    /// </summary>
    public async Task<int> DeleteRecursiveAsync(string path, CancellationToken cancellationToken = default)
    {
        ZooKeeperPaths.Validate(path);
        if (path == "/")
        {
            throw new ArgumentException("refusing to delete the whole tree below '/'", nameof(path));
        }

        // A child created while we delete makes the parent NOTEMPTY: look again, a bounded number of times.
        for (var attempt = 0; ; attempt++)
        {
            IReadOnlyList<string> children;
            try
            {
                children = await GetChildrenAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (ZooKeeperException e) when (e.Error == ZooKeeperError.NoNode)
            {
                return 0;
            }

            var deleted = 0;
            foreach (var child in children)
            {
                deleted += await DeleteRecursiveAsync(ZooKeeperPaths.Combine(path, child), cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await DeleteAsync(path, ZNodeVersion.Any, cancellationToken).ConfigureAwait(false);
                return deleted + 1;
            }
            catch (ZooKeeperException e) when (e.Error == ZooKeeperError.NoNode)
            {
                return deleted;
            }
            catch (ZooKeeperException e) when (e.Error == ZooKeeperError.NotEmpty && attempt < 5)
            {
            }
        }
    }

    /// <summary>Closes the session (its ephemeral nodes go at once) and the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _connection.CloseSessionAsync(_options.CloseTimeout).ConfigureAwait(false);
        _connectLock.Dispose();
    }

    private async Task<JuteReader> SendAsync(int opCode, string path, Action<JuteWriter, string> body, CancellationToken cancellationToken)
    {
        ZooKeeperPaths.Validate(path);
        var full = WithChroot(path);
        var connection = await ConnectedAsync(path, cancellationToken).ConfigureAwait(false);
        return await connection.SendAsync(opCode, w => body(w, full), path, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ZooKeeperConnection> ConnectedAsync(string path, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_connection.IsBroken)
        {
            return _connection;
        }

        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_expired is not null)
            {
                throw new ZooKeeperException(_expired.Error, path, _expired.Detail);
            }

            if (!_connection.IsBroken)
            {
                return _connection;
            }

            var lastZxid = _connection.LastZxid;
            await _connection.DisposeAsync().ConfigureAwait(false);
            var failures = new List<string>();
            for (var i = 1; i <= _connectString.Servers.Count; i++)
            {
                var index = (_serverIndex + i) % _connectString.Servers.Count;
                try
                {
                    _connection = await ZooKeeperConnection.OpenAsync(_connectString.Servers[index], _options, SessionId, SessionPassword, lastZxid, cancellationToken).ConfigureAwait(false);
                    _serverIndex = index;
                    return _connection;
                }
                catch (ZooKeeperException e) when (e.Error == ZooKeeperError.SessionExpired)
                {
                    _expired = e;
                    throw new ZooKeeperException(e.Error, path, e.Detail);
                }
                catch (ZooKeeperException e) when (e.Error == ZooKeeperError.ConnectionLoss)
                {
                    failures.Add(e.Detail ?? e.Message);
                }
            }

            throw new ZooKeeperException(ZooKeeperError.ConnectionLoss, path, $"cannot reconnect session 0x{SessionId:x}: {string.Join("; ", failures)}");
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private string WithChroot(string path) =>
        _connectString.Chroot is null ? path : path == "/" ? _connectString.Chroot : _connectString.Chroot + path;

    private string StripChroot(string serverPath)
    {
        var chroot = _connectString.Chroot;
        if (chroot is null)
        {
            return serverPath;
        }

        return serverPath == chroot ? "/" : serverPath.StartsWith(chroot + "/", StringComparison.Ordinal) ? serverPath[chroot.Length..] : serverPath;
    }
}
