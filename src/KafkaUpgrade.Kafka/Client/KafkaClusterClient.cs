using System.Collections.Concurrent;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Connection;
using KafkaUpgrade.Kafka.Identity;
using KafkaUpgrade.Kafka.Protocol;
using Serilog;

namespace KafkaUpgrade.Kafka.Client;

/// <summary>
/// The connections of one cluster binding: a broker connection from the bootstrap servers, a controller connection
/// from the bootstrap controllers (KIP-919), connections to individual nodes by their advertised listener. Each call
/// runs with bounded retries: Kafka's retriable errors, timeouts and lost connections are retried up to
/// <see cref="KafkaClientOptions.MaxAttempts"/> times with backoff (the connection dropped, the next endpoint tried);
/// everything else is surfaced at once as <see cref="KafkaApiException"/> with Kafka's error name. Every new connection
/// and every top-level call checks the cluster id against the binding's.
/// </summary>
public sealed class KafkaClusterClient : IAsyncDisposable
{
    private static readonly KafkaError NetworkException = new(13, "NETWORK_EXCEPTION");
    private readonly KafkaClientOptions _options;
    private readonly IKafkaConnector _connector;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, Lazy<Task<IKafkaNodeConnection>>> _connections = new(StringComparer.Ordinal);
    private IReadOnlyList<string> _learnedBrokers = [];

    /// <summary>Creates the client; nothing connects until the first call.</summary>
    /// <param name="binding">The binding's name (the cluster id workflows use), for messages.</param>
    /// <param name="expectedClusterId">Kafka's cluster.id the binding is for, or null to accept the first one seen (and then hold to it).</param>
    /// <param name="options">Where and how to connect.</param>
    /// <param name="connector">Opens connections.</param>
    /// <param name="log">Structured log (never given secrets).</param>
    public KafkaClusterClient(string binding, string? expectedClusterId, KafkaClientOptions options, IKafkaConnector connector, ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Binding = binding;
        ExpectedClusterId = expectedClusterId;
        _options = options;
        _connector = connector;
        _log = (log ?? Serilog.Core.Logger.None).ForContext("Cluster", binding);
    }

    /// <summary>The binding's name.</summary>
    public string Binding { get; }

    /// <summary>The cluster id required of every answer (set from the first answer when not configured).</summary>
    public string? ExpectedClusterId { get; private set; }

    /// <summary>True when bootstrap controllers are configured.</summary>
    public bool HasControllers => _options.BootstrapControllers.Count > 0;

    /// <summary>The connection options (without secrets in <c>ToString</c>).</summary>
    public KafkaClientOptions Options => _options;

    /// <summary>
    /// Runs <paramref name="call"/> on a broker, with bounded retries: the brokers the last Metadata answer listed
    /// first, then the bootstrap servers. Bootstrap servers are only the way in, as for Kafka's own clients: a node
    /// replacement retires every broker a bootstrap list names, and the cluster is still reachable through the
    /// brokers that replaced them.
    /// </summary>
    public Task<T> OnBrokerAsync<T>(Func<IKafkaNodeConnection, Task<T>> call, CancellationToken cancellationToken)
    {
        var learned = Volatile.Read(ref _learnedBrokers);
        return RunAsync(learned.Count == 0 ? _options.BootstrapServers : [.. learned.Concat(_options.BootstrapServers).Distinct(StringComparer.Ordinal)], call, "brokers", cancellationToken);
    }

    /// <summary>Remembers the brokers a Metadata answer listed (advertised <c>host:port</c>), for <see cref="OnBrokerAsync"/>.</summary>
    public void LearnBrokers(IEnumerable<string> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var list = endpoints.ToList();
        if (list.Count > 0)
        {
            Volatile.Write(ref _learnedBrokers, list);
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> on a controller (bootstrap controllers) when configured, else on a broker, which
    /// forwards controller APIs (Kafka's message schemas list DescribeQuorum, AddRaftVoter, RemoveRaftVoter,
    /// UpdateFeatures and UnregisterBroker for both the "broker" and the "controller" listener).
    /// </summary>
    public Task<T> OnControllerAsync<T>(Func<IKafkaNodeConnection, Task<T>> call, CancellationToken cancellationToken) =>
        HasControllers ? RunAsync(_options.BootstrapControllers, call, "bootstrap controllers", cancellationToken) : OnBrokerAsync(call, cancellationToken);

    /// <summary>
    /// Runs <paramref name="call"/> on the bootstrap controllers trying each once, without retries, for a caller that
    /// must tell "no controller listens there (yet)" from any other failure. Reached is false when none could be
    /// reached: every attempt was refused, closed or unanswered in time, the failures the retrying call reports as
    /// NETWORK_EXCEPTION. A controller that answered with an error, or a refused authentication, is thrown as
    /// <see cref="OnControllerAsync"/> throws it.
    /// </summary>
    public async Task<(bool Reached, T? Result)> TryOnControllersOnceAsync<T>(Func<IKafkaNodeConnection, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return (true, await RunAsync(_options.BootstrapControllers, call, "bootstrap controllers", cancellationToken, _options.BootstrapControllers.Count, probe: true).ConfigureAwait(false));
        }
        catch (UnreachableException ex)
        {
            _log.Debug("No bootstrap controller reachable in one attempt each: {Failures}", ex.Message);
            return (false, default);
        }
    }

    /// <summary>Runs <paramref name="call"/> on one node's advertised listener.</summary>
    public Task<T> OnNodeAsync<T>(int nodeId, string host, int port, Func<IKafkaNodeConnection, Task<T>> call, CancellationToken cancellationToken) =>
        RunAsync([$"{host}:{port}"], call, $"node {nodeId}", cancellationToken);

    /// <summary>Verifies the cluster id of an answer against the binding (and learns it when none is configured).</summary>
    public void VerifyClusterId(string? actual, string endpoint)
    {
        if (ExpectedClusterId is null && actual is not null)
        {
            ExpectedClusterId = actual;
            _log.Information("Cluster {Binding} is Kafka cluster id {KafkaClusterId}", Binding, actual);
            return;
        }

        ClusterIdentity.Verify(Binding, ExpectedClusterId, actual, endpoint);
    }

    /// <summary>Closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var entry in _connections.Values)
        {
            if (entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
            {
                await entry.Value.Result.DisposeAsync().ConfigureAwait(false);
            }
        }

        _connections.Clear();
    }

    private async Task<T> RunAsync<T>(IReadOnlyList<string> endpoints, Func<IKafkaNodeConnection, Task<T>> call, string what, CancellationToken cancellationToken, int? maxAttempts = null, bool probe = false)
    {
        if (endpoints.Count == 0)
        {
            throw new KafkaApiException(KafkaError.BrokerNotAvailable, $"cluster '{Binding}': no {what} configured");
        }

        var failures = new List<string>();
        var attempts = maxAttempts ?? _options.MaxAttempts;
        var answered = false;
        var backoff = _options.RetryBackoff;
        for (var attempt = 1; ; attempt++)
        {
            var endpoint = endpoints[(attempt - 1) % endpoints.Count];
            var reused = _connections.TryGetValue(endpoint, out var cached) && cached.IsValueCreated && cached.Value.IsCompletedSuccessfully;
            try
            {
                var connection = await ConnectionAsync(endpoint, cancellationToken).ConfigureAwait(false);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_options.RequestTimeout);
                return await call(connection).WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (KafkaApiException ex) when (ApiSupport.IsRetriable(ex.Error) || ex.Error == KafkaError.NotController)
            {
                failures.Add($"{endpoint}: {ex.Message}");
                answered = true;
                if (ex.Error == KafkaError.NotController || ex.Error == KafkaError.NotLeaderOrFollower)
                {
                    await DropAsync(endpoint).ConfigureAwait(false);
                }

                if (attempt >= attempts)
                {
                    throw new KafkaApiException(ex.Error, $"cluster '{Binding}': gave up after {attempt} attempts: {string.Join("; ", failures.Distinct())}");
                }
            }
            catch (Exception ex) when (ex is KafkaConnectException { Retriable: true } or IOException or System.Net.Sockets.SocketException or TimeoutException
                or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                failures.Add(ex is OperationCanceledException ? $"{endpoint}: no answer within {_options.RequestTimeout.TotalSeconds:0.#} s" : $"{endpoint}: {ex.Message}");
                await DropAsync(endpoint).ConfigureAwait(false);
                if (probe && reused && ex is not (OperationCanceledException or TimeoutException))
                {
                    // A connection kept from an earlier call that is gone now (its controller stopped) says nothing
                    // about who listens there today: a probe's one attempt is made on a new connection.
                    attempt--;
                    continue;
                }

                if (attempt >= attempts)
                {
                    var message = $"cluster '{Binding}': {what} unreachable after {attempt} attempts: {string.Join("; ", failures.Distinct())}";

                    // A probe learns "nothing listens" only when no endpoint answered at all.
                    throw probe && !answered ? new UnreachableException(message) : new KafkaApiException(NetworkException, message);
                }
            }
            catch (KafkaConnectException ex)
            {
                await DropAsync(endpoint).ConfigureAwait(false);
                throw new KafkaApiException(ex.InnerException is KafkaApiException k ? k.Error : NetworkException, $"cluster '{Binding}': {ex.Message}");
            }
            catch (KafkaProtocolException ex)
            {
                await DropAsync(endpoint).ConfigureAwait(false);
                throw new KafkaApiException(KafkaError.InvalidRequest, $"cluster '{Binding}': {endpoint} answered something that is not Kafka's protocol: {ex.Message}");
            }

            _log.Debug("Retrying on {Endpoint} after {Failure} (attempt {Attempt})", endpoint, failures[^1], attempt);
            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 1000));
        }
    }

    private async Task<IKafkaNodeConnection> ConnectionAsync(string endpoint, CancellationToken cancellationToken)
    {
        var lazy = _connections.GetOrAdd(endpoint, e => new Lazy<Task<IKafkaNodeConnection>>(() => OpenAsync(e)));

        // A kept connection the listener closed (its node restarted) is opened anew: its ApiVersions would be the
        // old process's, and a request on it would spend an attempt on a dead socket.
        if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && !lazy.Value.Result.IsConnected)
        {
            await DropAsync(endpoint).ConfigureAwait(false);
            lazy = _connections.GetOrAdd(endpoint, e => new Lazy<Task<IKafkaNodeConnection>>(() => OpenAsync(e)));
        }

        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _connections.TryRemove(new KeyValuePair<string, Lazy<Task<IKafkaNodeConnection>>>(endpoint, lazy));
            throw;
        }
    }

    private async Task<IKafkaNodeConnection> OpenAsync(string endpoint)
    {
        var (host, port) = KafkaClientOptions.ParseEndpoint(endpoint);
        using var timeout = new CancellationTokenSource(_options.RequestTimeout);
        return await _connector.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
    }

    /// <summary>A probe's "no endpoint could be reached", kept apart from NETWORK_EXCEPTIONs that mean something else (TLS refused).</summary>
    private sealed class UnreachableException(string message) : Exception(message);

    private async Task DropAsync(string endpoint)
    {
        if (_connections.TryRemove(endpoint, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
        {
            await lazy.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }
}
