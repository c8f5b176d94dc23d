using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KafkaUpgrade.Kafka.Protocol.Errors;

namespace KafkaUpgrade.Kafka.Protocol.Client;

/// <summary>
/// One client connection to one Kafka node: async TCP (optionally TLS), size-prefixed frames, requests pipelined and
/// matched to responses by correlation id, a timeout per request, and a clean failure of every pending call when the
/// connection drops. <see cref="ConnectAsync"/> negotiates versions with ApiVersions (the highest version both sides
/// support, per API, for this node) and runs SASL (SaslHandshake v1 + SaslAuthenticate: PLAIN, SCRAM-SHA-256/512)
/// before returning. Thread-safe: many requests may be in flight at once.
/// </summary>
public sealed class KafkaConnection : IAsyncDisposable
{
    private readonly KafkaConnectionOptions _options;
    private readonly TcpClient _tcp;
    private readonly Stream _stream;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<byte[]>> _pending = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _readLoop;
    private Dictionary<short, ApiVersionRange> _brokerVersions = [];
    private int _nextCorrelationId;
    private volatile Exception? _failure;
    private int _disposed;

    private KafkaConnection(KafkaConnectionOptions options, TcpClient tcp, Stream stream)
    {
        _options = options;
        _tcp = tcp;
        _stream = stream;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>"host:port" of the node.</summary>
    public string Endpoint => _options.Endpoint;

    /// <summary>True until the connection fails or is disposed.</summary>
    public bool IsConnected => _failure is null && _disposed == 0;

    /// <summary>The version ranges the node advertised in ApiVersions, by raw API key (including keys we do not speak).</summary>
    public IReadOnlyDictionary<short, ApiVersionRange> BrokerVersions => _brokerVersions;

    /// <summary>The node's ApiVersions answer (features: SupportedFeatures, FinalizedFeatures, ... in v3+).</summary>
    public KafkaStruct ApiVersionsResponse { get; private set; } = KafkaApis.ApiVersions.NewResponse();

    /// <summary>The ApiVersions version the answer was decoded as.</summary>
    public short ApiVersionsVersion { get; private set; }

    /// <summary>
    /// Connects, negotiates versions and authenticates. Fails with <see cref="KafkaConnectionException"/> (unreachable,
    /// closed, timed out), <see cref="KafkaAuthenticationException"/> (TLS or SASL refused) or
    /// <see cref="KafkaProtocolException"/> (the node speaks something else).
    /// </summary>
    public static async Task<KafkaConnection> ConnectAsync(KafkaConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var ct = timeout.Token;
        var tcp = new TcpClient { NoDelay = true };
        KafkaConnection? connection = null;
        try
        {
            try
            {
                await tcp.ConnectAsync(options.Host, options.Port, ct);
            }
            catch (SocketException e)
            {
                throw new KafkaConnectionException($"cannot connect to {options.Endpoint}: {e.SocketErrorCode}", e);
            }

            Stream stream = tcp.GetStream();
            if (options.Tls is { } tls)
            {
                stream = await StartTlsAsync(stream, options, tls, ct);
            }

            connection = new KafkaConnection(options, tcp, stream);
            await connection.NegotiateAsync(ct);
            if (options.Sasl is { } sasl)
            {
                await connection.AuthenticateAsync(sasl, ct);
            }

            return connection;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            await DisposeQuietly(connection, tcp);
            throw new KafkaConnectionException($"connecting to {options.Endpoint} timed out after {options.ConnectTimeout}", e);
        }
        catch
        {
            await DisposeQuietly(connection, tcp);
            throw;
        }
    }

    private static async Task DisposeQuietly(KafkaConnection? connection, TcpClient tcp)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
        else
        {
            tcp.Dispose();
        }
    }

    /// <summary>The node's range for <paramref name="key"/>, or null when it does not advertise the API.</summary>
    public ApiVersionRange? BrokerRange(ApiKey key) => _brokerVersions.TryGetValue((short)key, out var r) ? r : null;

    /// <summary>The highest version of <paramref name="key"/> both we and the node support.</summary>
    /// <exception cref="KafkaUnsupportedVersionException">No common version: names the API, our range and the node's.</exception>
    public short NegotiatedVersion(ApiKey key) => NegotiatedVersion(key, new ApiVersionRange(0, short.MaxValue));

    /// <summary>The highest version of <paramref name="key"/> in <paramref name="acceptable"/> that both sides support
    /// (e.g. DescribeQuorum 2+ when the caller needs the node endpoints).</summary>
    /// <exception cref="KafkaUnsupportedVersionException">No common version: names the API, the versions needed and the node's.</exception>
    public short NegotiatedVersion(ApiKey key, ApiVersionRange acceptable)
    {
        var ours = KafkaApis.Get(key).ValidVersions.Intersect(acceptable);
        var theirs = BrokerRange(key);
        if (theirs is null)
        {
            throw new KafkaUnsupportedVersionException(
                $"{Endpoint} does not support {key} (API key {(short)key}) at all; we need versions {ours}");
        }

        var common = ours.Intersect(theirs.Value);
        if (common.IsEmpty)
        {
            throw new KafkaUnsupportedVersionException(
                $"{Endpoint} supports {key} (API key {(short)key}) versions {theirs.Value} only; we need versions {ours}");
        }

        return common.Max;
    }

    /// <summary>True with the highest common version when the node supports <paramref name="key"/> in a version we speak.</summary>
    public bool TryNegotiateVersion(ApiKey key, out short version)
    {
        var theirs = BrokerRange(key);
        var common = theirs is null ? ApiVersionRange.None : KafkaApis.Get(key).ValidVersions.Intersect(theirs.Value);
        version = common.IsEmpty ? (short)-1 : common.Max;
        return !common.IsEmpty;
    }

    /// <summary>Sends <paramref name="request"/> at the negotiated version and returns the decoded response.</summary>
    public Task<KafkaStruct> SendAsync(ApiKey key, KafkaStruct request, CancellationToken cancellationToken = default) =>
        SendAsync(key, NegotiatedVersion(key), request, null, cancellationToken);

    /// <summary>
    /// Sends <paramref name="request"/> as <paramref name="version"/> and returns the decoded response. Fails with
    /// <see cref="TimeoutException"/> after <paramref name="timeout"/> (default <see cref="KafkaConnectionOptions.RequestTimeout"/>);
    /// the connection stays usable and a late answer is dropped. Fails with <see cref="KafkaConnectionException"/> when
    /// the connection drops before the answer.
    /// </summary>
    public async Task<KafkaStruct> SendAsync(ApiKey key, short version, KafkaStruct request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var payload = await SendRawAsync(key, version, request, timeout, cancellationToken);
        try
        {
            return KafkaMessages.DecodeResponse(key, version, payload, out _);
        }
        catch (KafkaProtocolException e)
        {
            throw new KafkaProtocolException($"{key} v{version} response from {Endpoint} does not decode: {e.Message}", e);
        }
    }

    private async Task<byte[]> SendRawAsync(ApiKey key, short version, KafkaStruct request, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ThrowIfUnusable();
        var id = Interlocked.Increment(ref _nextCorrelationId);
        var frame = KafkaMessages.EncodeRequestFrame(key, version, id, _options.ClientId, request);
        var tcs = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        if (_failure is not null)
        {
            _pending.TryRemove(id, out _);
            ThrowIfUnusable();
        }

        try
        {
            await _writeLock.WaitAsync(cancellationToken);
        }
        catch
        {
            _pending.TryRemove(id, out _);
            throw;
        }

        try
        {
            // Not cancellable by the caller: a frame cut half-way would corrupt the stream for every other request.
            await _stream.WriteAsync(frame, _closing.Token);
            await _stream.FlushAsync(_closing.Token);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            _pending.TryRemove(id, out _);
            Fail(e);
            ThrowIfUnusable();
            throw;
        }
        finally
        {
            _writeLock.Release();
        }

        var limit = timeout ?? _options.RequestTimeout;
        try
        {
            return await tcs.Task.WaitAsync(limit, cancellationToken);
        }
        catch (TimeoutException)
        {
            _pending.TryRemove(id, out _);
            throw new TimeoutException($"{key} v{version} request to {Endpoint} got no answer within {limit}");
        }
        catch (OperationCanceledException)
        {
            _pending.TryRemove(id, out _);
            throw;
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0 && _failure is null, this);
        if (_failure is { } f)
        {
            throw new KafkaConnectionException($"connection to {Endpoint} is closed: {f.Message}", f);
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var payload = await KafkaFrame.ReadAsync(_stream, _options.MaxFrameSize, _closing.Token)
                    ?? throw new KafkaConnectionException($"{Endpoint} closed the connection");
                var id = KafkaMessages.PeekCorrelationId(payload);
                if (_pending.TryRemove(id, out var tcs))
                {
                    tcs.TrySetResult(payload);
                }

                // else: the answer to a request that timed out or was cancelled; dropped.
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    private void Fail(Exception cause)
    {
        var failure = cause is KafkaConnectionException
            ? cause
            : new KafkaConnectionException(
                _disposed != 0 ? $"connection to {Endpoint} was closed by this client" : $"connection to {Endpoint} failed: {cause.Message}",
                cause);
        if (Interlocked.CompareExchange(ref _failure, failure, null) is not null)
        {
            failure = _failure!;
        }

        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var tcs))
            {
                tcs.TrySetException(new KafkaConnectionException($"connection to {Endpoint} dropped before the answer: {failure.Message}", failure));
            }
        }

        try
        {
            _tcp.Client?.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // already closed
        }
    }

    private async Task NegotiateAsync(CancellationToken ct)
    {
        var api = KafkaApis.ApiVersions;
        var version = api.ValidVersions.Max;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var request = api.NewRequest()
                .Set("ClientSoftwareName", _options.ClientSoftwareName)
                .Set("ClientSoftwareVersion", _options.ClientSoftwareVersion);
            var payload = await SendRawAsync(ApiKey.ApiVersions, version, request, _options.ConnectTimeout, ct);
            var response = KafkaMessages.DecodeApiVersionsResponse(payload, version, out _, out var decodedVersion);
            var error = response.GetInt16("ErrorCode");
            var ranges = response.GetStructs("ApiKeys")!
                .GroupBy(k => k.GetInt16("ApiKey"))
                .ToDictionary(g => g.Key, g => new ApiVersionRange(g.First().GetInt16("MinVersion"), g.First().GetInt16("MaxVersion")));
            if (error == (short)KafkaErrorCode.UnsupportedVersion && attempt == 0)
            {
                // The node does not speak our ApiVersions version: retry with the highest it advertises (KIP-511).
                var theirs = ranges.TryGetValue((short)ApiKey.ApiVersions, out var r) ? r : new ApiVersionRange(0, 0);
                var common = api.ValidVersions.Intersect(theirs);
                version = common.IsEmpty ? (short)0 : common.Max;
                continue;
            }

            if (error != 0)
            {
                throw new KafkaProtocolException($"ApiVersions to {Endpoint} failed with {KafkaErrors.NameOf(error)} ({error})");
            }

            _brokerVersions = ranges;
            ApiVersionsResponse = response;
            ApiVersionsVersion = decodedVersion;
            return;
        }

        throw new KafkaUnsupportedVersionException($"{Endpoint} refused every ApiVersions version we speak ({api.ValidVersions})");
    }

    private async Task AuthenticateAsync(KafkaSaslOptions sasl, CancellationToken ct)
    {
        var mechanism = sasl.MechanismName;

        // KIP-152: SaslHandshake v1 puts the SASL tokens in SaslAuthenticate requests; v0's raw tokens are not spoken.
        var handshakeVersion = NegotiatedVersion(ApiKey.SaslHandshake, new ApiVersionRange(1, 1));
        var handshake = await SendAsync(
            ApiKey.SaslHandshake, handshakeVersion, KafkaApis.Get(ApiKey.SaslHandshake).NewRequest().Set("Mechanism", mechanism), null, ct);
        var handshakeError = handshake.GetInt16("ErrorCode");
        if (handshakeError != 0)
        {
            var enabled = string.Join(", ", handshake.GetArray<string>("Mechanisms") ?? []);
            throw new KafkaAuthenticationException(
                $"{Endpoint} refused SASL mechanism {mechanism}: {KafkaErrors.NameOf(handshakeError)} (enabled: {enabled})");
        }

        var authVersion = NegotiatedVersion(ApiKey.SaslAuthenticate);
        if (sasl.Mechanism == SaslMechanism.Plain)
        {
            // RFC 4616: [authzid] NUL authcid NUL passwd.
            var token = Encoding.UTF8.GetBytes($"\0{sasl.Username}\0{sasl.Password}");
            await AuthenticateStepAsync(authVersion, token, mechanism, ct);
            return;
        }

        var scram = new ScramClient(sasl.Mechanism, sasl.Username, sasl.Password);
        var serverFirst = await AuthenticateStepAsync(authVersion, scram.ClientFirstMessage(), mechanism, ct);
        var serverFinal = await AuthenticateStepAsync(authVersion, scram.ClientFinalMessage(serverFirst), mechanism, ct);
        try
        {
            scram.VerifyServerFinal(serverFinal);
        }
        catch (KafkaAuthenticationException e)
        {
            throw new KafkaAuthenticationException($"SASL {mechanism} authentication with {Endpoint} failed: {e.Message}", e);
        }
    }

    private async Task<byte[]> AuthenticateStepAsync(short version, byte[] token, string mechanism, CancellationToken ct)
    {
        var request = KafkaApis.Get(ApiKey.SaslAuthenticate).NewRequest().Set("AuthBytes", token);
        KafkaStruct response;
        try
        {
            response = await SendAsync(ApiKey.SaslAuthenticate, version, request, null, ct);
        }
        catch (KafkaConnectionException e)
        {
            throw new KafkaAuthenticationException($"SASL {mechanism} authentication with {Endpoint} failed: the node closed the connection", e);
        }

        var error = response.GetInt16("ErrorCode");
        if (error != 0)
        {
            var message = response.GetString("ErrorMessage");
            throw new KafkaAuthenticationException(
                $"SASL {mechanism} authentication with {Endpoint} failed: {KafkaErrors.NameOf(error)}{(message is null ? "" : ": " + message)}");
        }

        return response.GetBytes("AuthBytes") ?? [];
    }

    private static async Task<Stream> StartTlsAsync(Stream network, KafkaConnectionOptions options, KafkaTlsOptions tls, CancellationToken ct)
    {
        var trusted = new X509Certificate2Collection();
        if (tls.CaFile is not null)
        {
            trusted.ImportFromPemFile(tls.CaFile);
        }

        var clientCertificates = new X509CertificateCollection();
        if (tls.ClientCertificateFile is { } certFile)
        {
            clientCertificates.Add(LoadClientCertificate(certFile, tls));
        }

        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = tls.TargetHost ?? options.Host,
                    ClientCertificates = clientCertificates,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                        ValidateServerCertificate(certificate, chain, errors, trusted, tls.SkipHostnameVerification),
                },
                ct);
            return ssl;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync();
            throw new KafkaAuthenticationException($"TLS handshake with {options.Endpoint} failed: {e.Message}", e);
        }
    }

    private static X509Certificate2 LoadClientCertificate(string certFile, KafkaTlsOptions tls)
    {
        if (certFile.EndsWith(".p12", StringComparison.OrdinalIgnoreCase) || certFile.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(certFile, tls.ClientCertificatePassword);
        }

        return tls.ClientCertificatePassword is null
            ? X509Certificate2.CreateFromPemFile(certFile, tls.ClientKeyFile)
            : X509Certificate2.CreateFromEncryptedPemFile(certFile, tls.ClientCertificatePassword, tls.ClientKeyFile);
    }

    private static bool ValidateServerCertificate(
        X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection trusted, bool skipHostname)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        if (!skipHostname && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        if (trusted.Count == 0)
        {
            return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0;
        }

        // A CA file replaces the system store, as Kafka's ssl.truststore does.
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trusted);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }

    /// <summary>Closes the connection; pending requests fail with <see cref="KafkaConnectionException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _closing.CancelAsync();
        Fail(new ObjectDisposedException(nameof(KafkaConnection)));
        try
        {
            await _stream.DisposeAsync();
        }
        catch (IOException)
        {
            // closing anyway
        }

        _tcp.Dispose();
        try
        {
            await _readLoop;
        }
        catch (OperationCanceledException)
        {
            // the loop ends with the stream
        }

        _closing.Dispose();
        _writeLock.Dispose();
    }
}
