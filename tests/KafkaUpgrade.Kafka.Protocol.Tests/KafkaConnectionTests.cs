using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KafkaUpgrade.Kafka.Protocol.Client;
using KafkaUpgrade.Kafka.Protocol.Primitives;

namespace KafkaUpgrade.Kafka.Protocol.Tests;

public sealed class KafkaConnectionTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    private static KafkaConnectionOptions Options(FakeBroker broker, KafkaSaslOptions? sasl = null, KafkaTlsOptions? tls = null) => new()
    {
        Host = "127.0.0.1",
        Port = broker.Port,
        ClientId = "test-client",
        ConnectTimeout = Generous,
        RequestTimeout = Generous,
        Sasl = sasl,
        Tls = tls,
    };

    private static Func<DecodedRequest, Reply> Serve(
        IReadOnlyDictionary<ApiKey, ApiVersionRange>? ranges = null, Func<DecodedRequest, Reply?>? other = null) => request =>
    {
        if (request.Api.Key == ApiKey.ApiVersions)
        {
            return new Reply.Body(FakeBroker.ApiVersionsAnswer(ranges));
        }

        return other?.Invoke(request) ?? new Reply.Silent();
    };

    private static Reply MetadataAnswer(DecodedRequest request)
    {
        var response = request.Api.NewResponse();
        var name = request.Body.GetStructs("Topics") is [var first, ..] ? first.GetString("Name") : "all";
        response.Set("ClusterId", "cluster-" + name).Set("ControllerId", 2);
        response.Add("Brokers").Set("NodeId", 1).Set("Host", "127.0.0.1").Set("Port", 9092);
        return new Reply.Body(response);
    }

    private static KafkaStruct MetadataFor(string topic)
    {
        var request = KafkaApis.Metadata.NewRequest();
        request.Add("Topics").Set("Name", topic);
        return request;
    }

    [Fact]
    public async Task Negotiation_picks_the_highest_version_both_sides_support()
    {
        await using var broker = new FakeBroker(Serve(
            new Dictionary<ApiKey, ApiVersionRange> { [ApiKey.Metadata] = new(0, 7), [ApiKey.DescribeCluster] = new(0, 5) },
            MetadataAnswer));
        await using var connection = await KafkaConnection.ConnectAsync(Options(broker));

        Assert.Equal(7, connection.NegotiatedVersion(ApiKey.Metadata));
        Assert.Equal(1, connection.NegotiatedVersion(ApiKey.DescribeCluster));
        Assert.Equal(4, connection.ApiVersionsVersion);
        var response = await connection.SendAsync(ApiKey.Metadata, MetadataFor("orders"));
        Assert.Equal("cluster-orders", response.GetString("ClusterId"));
        Assert.Equal(2, response.GetInt32("ControllerId"));
        var sent = broker.Received.Last();
        Assert.Equal((short)ApiKey.Metadata, sent.ApiKey);
        Assert.Equal(7, sent.ApiVersion);
        Assert.Equal("test-client", sent.ClientId);
    }

    [Fact]
    public async Task ApiVersions_falls_back_when_the_broker_answers_v0_with_unsupported_version()
    {
        await using var broker = new FakeBroker(request =>
        {
            if (request.Api.Key != ApiKey.ApiVersions)
            {
                return new Reply.Silent();
            }

            if (request.Version > 2)
            {
                // What Kafka does: a v0 body (header v0) with UNSUPPORTED_VERSION and its ApiVersions range.
                var v0 = KafkaApis.ApiVersions.NewResponse().Set("ErrorCode", 35);
                v0.Add("ApiKeys").Set("ApiKey", 18).Set("MinVersion", 0).Set("MaxVersion", 2);
                return new Reply.Raw(KafkaMessages.EncodeResponseFrame(ApiKey.ApiVersions, 0, request.Header.CorrelationId, v0), false);
            }

            return new Reply.Body(FakeBroker.ApiVersionsAnswer(new Dictionary<ApiKey, ApiVersionRange> { [ApiKey.ApiVersions] = new(0, 2) }));
        });
        await using var connection = await KafkaConnection.ConnectAsync(Options(broker));
        Assert.Equal(2, connection.ApiVersionsVersion);
        Assert.Equal([4, 2], broker.Received.Select(h => (int)h.ApiVersion));
        Assert.Equal(new ApiVersionRange(0, 12), connection.BrokerRange(ApiKey.Metadata));
    }

    [Fact]
    public async Task No_common_version_names_the_api_and_both_ranges()
    {
        var ranges = new Dictionary<ApiKey, ApiVersionRange>
        {
            [ApiKey.Metadata] = new(13, 15),
            [ApiKey.AddRaftVoter] = ApiVersionRange.None,
        };
        await using var broker = new FakeBroker(Serve(ranges));
        await using var connection = await KafkaConnection.ConnectAsync(Options(broker));

        var e = Assert.Throws<KafkaUnsupportedVersionException>(() => connection.NegotiatedVersion(ApiKey.Metadata));
        Assert.Contains("Metadata", e.Message, StringComparison.Ordinal);
        Assert.Contains("13-15", e.Message, StringComparison.Ordinal);
        Assert.Contains("0-12", e.Message, StringComparison.Ordinal);
        var absent = Assert.Throws<KafkaUnsupportedVersionException>(() => connection.NegotiatedVersion(ApiKey.AddRaftVoter));
        Assert.Contains("does not support AddRaftVoter", absent.Message, StringComparison.Ordinal);
        Assert.False(connection.TryNegotiateVersion(ApiKey.AddRaftVoter, out _));
        var needed = Assert.Throws<KafkaUnsupportedVersionException>(() =>
            connection.NegotiatedVersion(ApiKey.DescribeQuorum, new ApiVersionRange(3, short.MaxValue)));
        Assert.Contains("DescribeQuorum", needed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipelined_requests_are_matched_by_correlation_id_even_out_of_order()
    {
        var first = true;
        await using var broker = new FakeBroker(Serve(other: request =>
        {
            var answer = (Reply.Body)MetadataAnswer(request);
            if (first)
            {
                first = false;
                return new Reply.Deferred(answer.Value);   // answered after the second one
            }

            return answer;
        }));
        await using var connection = await KafkaConnection.ConnectAsync(Options(broker));

        var a = connection.SendAsync(ApiKey.Metadata, MetadataFor("a"));
        await WaitUntil(() => broker.Received.Count == 2);
        var b = connection.SendAsync(ApiKey.Metadata, MetadataFor("b"));
        var results = await Task.WhenAll(a, b);
        Assert.Equal("cluster-a", results[0].GetString("ClusterId"));
        Assert.Equal("cluster-b", results[1].GetString("ClusterId"));
    }

    [Fact]
    public async Task Many_concurrent_requests_all_get_their_own_answer()
    {
        await using var broker = new FakeBroker(Serve(other: MetadataAnswer));
        await using var connection = await KafkaConnection.ConnectAsync(Options(broker));
        var names = Enumerable.Range(0, 50).Select(i => $"t{i}").ToArray();
        var results = await Task.WhenAll(names.Select(n => connection.SendAsync(ApiKey.Metadata, MetadataFor(n))));
        Assert.Equal(names.Select(n => "cluster-" + n), results.Select(r => r.GetString("ClusterId")));
    }

    [Fact]
    public async Task Disconnect_mid_frame_fails_the_pending_call_and_later_calls()
    {
        await using var broker = new FakeBroker(Serve(other: request =>
        {
            var w = new KafkaWriter();
            w.WriteInt32(100);
            w.WriteInt32(request.Header.CorrelationId);
            return new Reply.Raw(w.ToArray(), CloseAfter: true);
        }));
        await using var connection = await KafkaConnection.ConnectAsync(Options(broker));

        var e = await Assert.ThrowsAsync<KafkaConnectionException>(() => connection.SendAsync(ApiKey.Metadata, MetadataFor("x")));
        Assert.Contains("127.0.0.1", e.Message, StringComparison.Ordinal);
        Assert.False(connection.IsConnected);
        await Assert.ThrowsAsync<KafkaConnectionException>(() => connection.SendAsync(ApiKey.Metadata, MetadataFor("y")));
    }

    [Fact]
    public async Task A_request_without_answer_times_out_and_the_connection_stays_usable()
    {
        await using var broker = new FakeBroker(Serve(other: request =>
            request.Body.GetStructs("Topics") is [var t] && t.GetString("Name") == "slow" ? new Reply.Silent() : MetadataAnswer(request)));
        await using var connection = await KafkaConnection.ConnectAsync(Options(broker));

        var version = connection.NegotiatedVersion(ApiKey.Metadata);
        var e = await Assert.ThrowsAsync<TimeoutException>(() =>
            connection.SendAsync(ApiKey.Metadata, version, MetadataFor("slow"), TimeSpan.FromMilliseconds(200)));
        Assert.Contains("Metadata", e.Message, StringComparison.Ordinal);
        var ok = await connection.SendAsync(ApiKey.Metadata, MetadataFor("fast"));
        Assert.Equal("cluster-fast", ok.GetString("ClusterId"));
    }

    [Fact]
    public async Task Connection_refused_is_a_clear_connection_error()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var e = await Assert.ThrowsAsync<KafkaConnectionException>(() =>
            KafkaConnection.ConnectAsync(new KafkaConnectionOptions { Host = "127.0.0.1", Port = port }));
        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
    }

    private static Func<DecodedRequest, Reply?> SaslBroker(string[] enabled, Func<byte[], byte[]?> authenticate) => request =>
    {
        switch (request.Api.Key)
        {
            case ApiKey.SaslHandshake:
                var mechanism = request.Body.GetString("Mechanism");
                var response = request.Api.NewResponse().Set("Mechanisms", enabled);
                if (!enabled.Contains(mechanism))
                {
                    response.Set("ErrorCode", 33);
                }

                return new Reply.Body(response);
            case ApiKey.SaslAuthenticate:
                var reply = authenticate(request.Body.GetBytes("AuthBytes")!);
                var auth = request.Api.NewResponse();
                if (reply is null)
                {
                    auth.Set("ErrorCode", 58).Set("ErrorMessage", "Authentication failed: Invalid username or password");
                }
                else
                {
                    auth.Set("AuthBytes", reply);
                }

                return new Reply.Body(auth);
            default:
                return MetadataAnswer(request);
        }
    };

    [Theory]
    [InlineData(SaslMechanism.ScramSha256, "SCRAM-SHA-256")]
    [InlineData(SaslMechanism.ScramSha512, "SCRAM-SHA-512")]
    public async Task Scram_exchange_authenticates_against_a_scram_server(SaslMechanism mechanism, string name)
    {
        var server = new ScramServer(mechanism, "admin", "admin-secret");
        await using var broker = new FakeBroker(Serve(other: SaslBroker([name, "PLAIN"], server.Step)));
        await using var connection = await KafkaConnection.ConnectAsync(
            Options(broker, new KafkaSaslOptions(mechanism, "admin", "admin-secret")));

        Assert.True(server.Authenticated);
        var handshake = broker.Received.Single(h => h.ApiKey == (short)ApiKey.SaslHandshake);
        Assert.Equal(1, handshake.ApiVersion);
        Assert.Equal(2, broker.Received.Count(h => h.ApiKey == (short)ApiKey.SaslAuthenticate));
        var metadata = await connection.SendAsync(ApiKey.Metadata, MetadataFor("after-auth"));
        Assert.Equal("cluster-after-auth", metadata.GetString("ClusterId"));
    }

    [Fact]
    public async Task Wrong_scram_password_fails_without_revealing_it()
    {
        var server = new ScramServer(SaslMechanism.ScramSha256, "admin", "right-password");
        await using var broker = new FakeBroker(Serve(other: SaslBroker(["SCRAM-SHA-256"], server.Step)));
        var e = await Assert.ThrowsAsync<KafkaAuthenticationException>(() =>
            KafkaConnection.ConnectAsync(Options(broker, new KafkaSaslOptions(SaslMechanism.ScramSha256, "admin", "wrong-password"))));
        Assert.Contains("SASL_AUTHENTICATION_FAILED", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", e.ToString(), StringComparison.Ordinal);
        Assert.False(server.Authenticated);
    }

    [Fact]
    public async Task Plain_sends_authzid_user_and_password()
    {
        byte[]? seen = null;
        await using var broker = new FakeBroker(Serve(other: SaslBroker(["PLAIN"], bytes =>
        {
            seen = bytes;
            return [];
        })));
        await using var connection = await KafkaConnection.ConnectAsync(
            Options(broker, new KafkaSaslOptions(SaslMechanism.Plain, "alice", "alice-secret")));
        Assert.Equal("\0alice\0alice-secret", Encoding.UTF8.GetString(seen!));
    }

    [Fact]
    public async Task A_mechanism_the_broker_does_not_enable_is_named_with_the_enabled_ones()
    {
        await using var broker = new FakeBroker(Serve(other: SaslBroker(["SCRAM-SHA-512"], _ => [])));
        var e = await Assert.ThrowsAsync<KafkaAuthenticationException>(() =>
            KafkaConnection.ConnectAsync(Options(broker, new KafkaSaslOptions(SaslMechanism.Plain, "u", "p"))));
        Assert.Contains("PLAIN", e.Message, StringComparison.Ordinal);
        Assert.Contains("UNSUPPORTED_SASL_MECHANISM", e.Message, StringComparison.Ordinal);
        Assert.Contains("SCRAM-SHA-512", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_with_a_ca_file_connects_and_without_it_fails()
    {
        using var ca = CreateCa();
        using var serverCert = CreateServerCertificate(ca);
        var caFile = Path.Combine(Path.GetTempPath(), $"kafka-proto-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem());
        try
        {
            await using var broker = new FakeBroker(Serve(other: MetadataAnswer), serverCert);
            await using (var connection = await KafkaConnection.ConnectAsync(
                Options(broker, tls: new KafkaTlsOptions { CaFile = caFile, TargetHost = "localhost" })))
            {
                var metadata = await connection.SendAsync(ApiKey.Metadata, MetadataFor("tls"));
                Assert.Equal("cluster-tls", metadata.GetString("ClusterId"));
            }

            await Assert.ThrowsAsync<KafkaAuthenticationException>(() =>
                KafkaConnection.ConnectAsync(Options(broker, tls: new KafkaTlsOptions { TargetHost = "localhost" })));
            await Assert.ThrowsAsync<KafkaAuthenticationException>(() =>
                KafkaConnection.ConnectAsync(Options(broker, tls: new KafkaTlsOptions { CaFile = caFile, TargetHost = "other.example" })));
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    private static X509Certificate2 CreateCa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kafka-proto-test-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 CreateServerCertificate(X509Certificate2 ca)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(8);
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        using var withKey = signed.CopyWithPrivateKey(key);
        // Round-trip through PKCS#12 so SslStream on every platform can use the private key.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Generous);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
