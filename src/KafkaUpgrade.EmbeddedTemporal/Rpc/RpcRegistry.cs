using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace KafkaUpgrade.EmbeddedTemporal.Rpc;

/// <summary>Unary gRPC methods bound by full name to handlers; Temporal's types come from the Temporalio package.</summary>
internal sealed class RpcRegistry
{
    private readonly List<Action<ServiceMethodProviderContext<RpcEndpoint>>> bindings = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);

    /// <summary>Full names ("service/method") of the methods with handlers.</summary>
    public IReadOnlySet<string> Names => names;

    public void Add<TRequest, TResponse>(string service, string name, Func<TRequest, ServerCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        names.Add(service + "/" + name);
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

    /// <summary>
    /// Every method of the service without a handler answers UNIMPLEMENTED naming itself, instead of gRPC's anonymous
    /// "Method is unimplemented"; call after the handlers are added.
    /// </summary>
    public void AddUnimplemented(Google.Protobuf.Reflection.ServiceDescriptor service)
    {
        var bytes = Marshallers.Create<byte[]>(b => b, b => b);
        foreach (var m in service.Methods.Where(m => !names.Contains(service.FullName + "/" + m.Name)))
        {
            var method = new Method<byte[], byte[]>(MethodType.Unary, service.FullName, m.Name, bytes, bytes);
            var message = $"{service.Name}.{m.Name} is not implemented by the embedded Temporal server.";
            bindings.Add(ctx => ctx.AddUnaryMethod(method, [], (_, _, _) => Task.FromException<byte[]>(RpcErrors.Unimplemented(message))));
        }
    }

    public void Bind(ServiceMethodProviderContext<RpcEndpoint> context)
    {
        foreach (var binding in bindings)
        {
            binding(context);
        }
    }
}
