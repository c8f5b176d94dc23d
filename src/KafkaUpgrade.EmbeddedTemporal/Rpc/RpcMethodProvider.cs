using Grpc.AspNetCore.Server.Model;

namespace KafkaUpgrade.EmbeddedTemporal.Rpc;

/// <summary>Hands the registered methods to Grpc.AspNetCore.</summary>
internal sealed class RpcMethodProvider(RpcRegistry registry) : IServiceMethodProvider<RpcEndpoint>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<RpcEndpoint> context) => registry.Bind(context);
}
