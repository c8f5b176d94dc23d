using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace KafkaUpgrade.EmbeddedTemporal.Rpc;

/// <summary>Unary gRPC methods bound by full name to handlers; Temporal's types come from the Temporalio package.</summary>
internal sealed class RpcRegistry
{
    private readonly List<Action<ServiceMethodProviderContext<RpcEndpoint>>> bindings = [];

    public void Add<TRequest, TResponse>(string service, string name, Func<TRequest, ServerCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var parser = new MessageParser<TRequest>(() => new TRequest());
        var method = new Method<TRequest, TResponse>(
            MethodType.Unary,
            service,
            name,
            Marshallers.Create<TRequest>(m => m.ToByteArray(), parser.ParseFrom),
            Marshallers.Create<TResponse>(m => m.ToByteArray(), new MessageParser<TResponse>(() => new TResponse()).ParseFrom));
        bindings.Add(ctx => ctx.AddUnaryMethod(method, [], (_, request, call) => RpcErrors.Guard(() => handler(request, call))));
    }

    public void Add<TRequest, TResponse>(string service, string name, Func<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new() =>
        Add<TRequest, TResponse>(service, name, (r, _) => Task.FromResult(handler(r)));

    public void Bind(ServiceMethodProviderContext<RpcEndpoint> context)
    {
        foreach (var binding in bindings)
        {
            binding(context);
        }
    }
}
