namespace KafkaUpgrade.EmbeddedTemporal.Rpc;

/// <summary>The gRPC service instance; every method is a closure registered in <see cref="RpcRegistry"/>.</summary>
internal sealed class RpcEndpoint;
