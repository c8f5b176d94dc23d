using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace KafkaUpgrade.EmbeddedTemporal.Rpc;

/// <summary>Unary gRPC methods bound by full name to handlers; Temporal's types come from the Temporalio package.</summary>
internal sealed class RpcRegistry
{
    private readonly List<Action<ServiceMethodProviderContext<RpcEndpoint>>> bindings = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RpcInvoker> invokers = new(StringComparer.Ordinal);

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
        invokers[service + "/" + name] = new RpcInvoker(
            new TRequest().Descriptor,
            async (request, call) => await RpcErrors.Guard(() => handler((TRequest)request, call)).ConfigureAwait(false));
    }

    /// <summary>
    /// The handler bound to a full name ("service/method"), for the HTTP API, which calls the same code as gRPC;
    /// null when the service has no such method.
    /// </summary>
    public RpcInvoker? Find(string fullName) => invokers.GetValueOrDefault(fullName);

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
            invokers[service.FullName + "/" + m.Name] = new RpcInvoker(m.InputType, (_, _) => Task.FromException<IMessage>(RpcErrors.Unimplemented(message)));
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

/// <summary>A registered method seen without its gRPC types: the request it takes and the call into its handler.</summary>
internal sealed record RpcInvoker(Google.Protobuf.Reflection.MessageDescriptor Request, Func<IMessage, ServerCallContext, Task<IMessage>> Invoke);
