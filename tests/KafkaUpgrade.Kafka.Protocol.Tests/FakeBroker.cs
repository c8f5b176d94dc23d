using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace KafkaUpgrade.Kafka.Protocol.Tests;

/// <summary>What the fake broker does with one request.</summary>
internal abstract record Reply
{
    /// <summary>Answer with this body at the request's version.</summary>
    public sealed record Body(KafkaStruct Value) : Reply;

    /// <summary>Write these raw bytes (a whole or partial frame) and optionally close.</summary>
    public sealed record Raw(byte[] Bytes, bool CloseAfter) : Reply;

    /// <summary>Never answer.</summary>
    public sealed record Silent : Reply;

    /// <summary>Answer later, after the next request (to test out-of-order matching).</summary>
    public sealed record Deferred(KafkaStruct Value) : Reply;
}

/// <summary>A tiny loopback Kafka node for client tests: decodes requests with our codec, answers by handler.</summary>
internal sealed class FakeBroker : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<DecodedRequest, Reply> _handler;
    private readonly X509Certificate2? _serverCertificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private readonly List<TcpClient> _clients = [];

    public FakeBroker(Func<DecodedRequest, Reply> handler, X509Certificate2? serverCertificate = null)
    {
        _handler = handler;
        _serverCertificate = serverCertificate;
        _listener.Start();
        _tasks.Add(AcceptLoopAsync());
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public List<RequestHeader> Received { get; } = [];

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_clients)
                {
                    _clients.Add(client);
                    _tasks.Add(ServeAsync(client));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            Stream stream = client.GetStream();
            if (_serverCertificate is not null)
            {
                var ssl = new SslStream(stream);
                await ssl.AuthenticateAsServerAsync(_serverCertificate, clientCertificateRequired: false, checkCertificateRevocation: false);
                stream = ssl;
            }

            var deferred = new List<byte[]>();
            while (await KafkaFrame.ReadAsync(stream, KafkaFrame.DefaultMaxFrameSize, _stop.Token) is { } payload)
            {
                var request = KafkaMessages.DecodeRequest(payload);
                lock (Received)
                {
                    Received.Add(request.Header);
                }

                var reply = _handler(request);
                switch (reply)
                {
                    case Reply.Body b:
                        await stream.WriteAsync(Encode(request, b.Value));
                        foreach (var d in deferred)
                        {
                            await stream.WriteAsync(d);
                        }

                        deferred.Clear();
                        break;
                    case Reply.Deferred d:
                        deferred.Add(Encode(request, d.Value));
                        break;
                    case Reply.Raw raw:
                        await stream.WriteAsync(raw.Bytes);
                        await stream.FlushAsync();
                        if (raw.CloseAfter)
                        {
                            client.Close();
                            return;
                        }

                        break;
                    case Reply.Silent:
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or KafkaProtocolException or SocketException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }

    private static byte[] Encode(DecodedRequest request, KafkaStruct body) =>
        KafkaMessages.EncodeResponseFrame(request.Api.Key, request.Version, request.Header.CorrelationId, body);

    /// <summary>An ApiVersions answer advertising <paramref name="ranges"/> (everything we speak by default).</summary>
    public static KafkaStruct ApiVersionsAnswer(IReadOnlyDictionary<ApiKey, ApiVersionRange>? ranges = null)
    {
        var response = KafkaApis.ApiVersions.NewResponse();
        foreach (var api in KafkaApis.All)
        {
            var range = api.ValidVersions;
            if (ranges is not null && ranges.TryGetValue(api.Key, out var r))
            {
                range = r;
            }

            if (range.IsEmpty)
            {
                continue;
            }

            response.Add("ApiKeys").Set("ApiKey", (short)api.Key).Set("MinVersion", range.Min).Set("MaxVersion", range.Max);
        }

        return response;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var c in _clients)
            {
                c.Dispose();
            }
        }

        Task[] tasks;
        lock (_clients)
        {
            tasks = [.. _tasks];
        }

        await Task.WhenAll(tasks);
        _stop.Dispose();
    }
}
