using Grpc.Core;

namespace KafkaUpgrade.EmbeddedTemporal.Http;

/// <summary>
/// The call context an HTTP request hands to the gRPC handlers: no deadline (long polls use their own cap, as for a
/// gRPC call without one) and the request's abort token.
/// </summary>
internal sealed class HttpCallContext(string method, string peer, CancellationToken aborted) : ServerCallContext
{
    protected override string MethodCore => method;

    protected override string HostCore => "";

    protected override string PeerCore => peer;

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore { get; } = [];

    protected override CancellationToken CancellationTokenCore => aborted;

    protected override Metadata ResponseTrailersCore { get; } = [];

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException("HTTP calls do not propagate to child calls.");

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
